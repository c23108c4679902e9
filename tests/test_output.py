"""Output is written whole or not at all, and never over an input."""

from __future__ import annotations

from pathlib import Path

import pytest

from dronetally.output import Output, OutputError


def test_a_file_is_replaced_only_when_everything_was_written(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), Output(str(target)) as out:
        out.write("half of it")
        raise RuntimeError("stopped halfway")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    with Output(str(target)) as out:
        out.write("new")
    assert target.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_standard_output_is_spooled_until_the_end(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(KeyboardInterrupt), Output(None) as out:
        out.write("findings so far\n")
        raise KeyboardInterrupt
    assert capsys.readouterr().out == ""
    with Output("-") as out:
        out.write("all of it\n")
    assert capsys.readouterr().out == "all of it\n"


def test_inputs_and_directories_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("source\n")
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    for target in (source, link):
        with pytest.raises(OutputError, match="is an input file") as caught:
            Output(str(target), [str(source)])
        assert caught.value.usage
    with pytest.raises(OutputError, match="is a directory"):
        Output(str(tmp_path), [])
    assert source.read_text() == "source\n"


def test_a_directory_that_cannot_be_written_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write"):
        Output(str(tmp_path / "no" / "such" / "dir" / "out.txt")).open()


def test_a_device_or_fifo_is_written_to_and_stays_what_it_is(tmp_path: Path) -> None:
    import os
    import stat
    import threading

    with Output("/dev/null") as out:
        out.write("gone\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    with Output(str(fifo)) as out:
        out.write("through the pipe\n")
    reader.join(timeout=10)
    assert got == ["through the pipe\n"] and stat.S_ISFIFO(os.stat(fifo).st_mode)
