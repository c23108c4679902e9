"""Output is written whole or not at all, and never over an input."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
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


# -- as a real process: standard input, descriptors, links ---------------------------------


def tally(*args: str, stdin: object = None, stdout: object = None) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "tally"  # the installed command, beside this Python
    return subprocess.run([str(exe), *args], stdin=stdin, stdout=stdout if stdout is not None else subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=60, check=False)


REPORTS = "source,launched,shot_down\nair force,10,4\n"


def test_output_onto_the_file_standard_input_comes_from_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "x.csv"
    data.write_text(REPORTS)
    with data.open() as stdin:
        done = tally("check", "-", "-o", str(data), stdin=stdin)
    assert done.returncode == 2 and "standard input" in done.stderr and "Traceback" not in done.stderr
    assert data.read_text() == REPORTS
    hard = tmp_path / "hard.csv"
    os.link(data, hard)  # another name of the same file is the same file
    done = tally("check", str(data), "-o", str(hard))
    assert done.returncode == 2 and data.read_text() == REPORTS


def test_dev_stdout_is_written_through_the_descriptor(tmp_path: Path) -> None:
    data = tmp_path / "x.csv"
    data.write_text(REPORTS)
    log = tmp_path / "log.txt"
    log.write_text("before\n")
    with log.open("a") as out:  # >> log: appended to, not replaced
        done = tally("check", str(data), "-f", "csv", "-o", "/dev/stdout", stdout=out)
    assert done.returncode == 0, done.stderr
    text = log.read_text()
    assert text.startswith("before\n") and "remainder" in text and stat.S_ISREG(os.stat(log).st_mode)
    piped = tally("check", str(data), "-f", "csv", "-o", "/dev/stdout")  # a pipe: written, not renamed over
    assert piped.returncode == 0 and piped.stdout == text[len("before\n"):]
    closed = tally("check", str(data), "-o", "/dev/fd/9")
    assert closed.returncode == 2 and "not open" in closed.stderr


def test_a_dangling_link_is_followed_as_the_shell_does(tmp_path: Path) -> None:
    data = tmp_path / "x.csv"
    data.write_text(REPORTS)
    link = tmp_path / "out.csv"
    link.symlink_to(tmp_path / "made.csv")
    done = tally("check", str(data), "-f", "csv", "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and (tmp_path / "made.csv").read_text().startswith("file,line,")


def test_an_endless_input_is_stopped_by_a_signal_and_nothing_is_written(tmp_path: Path) -> None:
    import signal
    import time

    out = tmp_path / "out.jsonl"
    for sig, status in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        feed = subprocess.Popen(["sh", "-c", "echo source,launched; yes x,1"], stdout=subprocess.PIPE)
        exe = Path(sys.executable).parent / "tally"
        run = subprocess.Popen([str(exe), "check", "-", "-f", "jsonl", "-o", str(out)], stdin=feed.stdout,
                               stderr=subprocess.PIPE, text=True)
        assert feed.stdout is not None
        feed.stdout.close()
        time.sleep(1.5)
        assert run.poll() is None, "an endless input is read for as long as it lasts"
        run.send_signal(sig)
        _, err = run.communicate(timeout=30)
        feed.kill()
        feed.wait()
        assert run.returncode == status, err
        assert "nothing written" in err and "Traceback" not in err
        assert list(tmp_path.iterdir()) == [], "no output and no temporary file"


def test_devices_that_never_end_are_refused_quickly() -> None:
    for args, stdin in ((["check", "/dev/zero"], None), (["check", "-"], "/dev/urandom"),
                        (["show", "/dev/zero"], None)):
        with open(stdin or os.devnull, "rb") as fh:
            done = tally(*args, stdin=fh)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr


def test_a_line_that_never_ends_is_one_error(tmp_path: Path) -> None:
    data = tmp_path / "long.csv"
    data.write_bytes(b"source,launched\nx,1\n" + b"a" * (2 << 20))
    done = tally("check", str(data))
    assert done.returncode == 2 and f"{data}:3: a record longer than" in done.stderr


def test_closed_standard_streams_are_one_message_or_no_matter(tmp_path: Path) -> None:
    # found by a hostile review: closed stdout and stdin gave tracebacks; closed stderr lost the output
    data = tmp_path / "ok.csv"
    data.write_text("source,launched\nA,5\n")
    exe = str(Path(sys.executable).parent / "tally")
    no_stdout = subprocess.run(f"'{exe}' check '{data}' >&-", shell=True, capture_output=True, text=True, check=False)
    assert no_stdout.returncode == 2 and no_stdout.stderr == "<stdout>: cannot write: standard output is closed\n"
    no_stdin = subprocess.run(f"'{exe}' check - <&-", shell=True, capture_output=True, text=True, check=False)
    assert no_stdin.returncode == 2 and no_stdin.stderr == "<stdin>: standard input is closed\n"
    no_stderr = subprocess.run(f"'{exe}' check '{data}' 2>&-", shell=True, capture_output=True, text=True, check=False)
    assert no_stderr.returncode == 0 and "1 report checked" in no_stderr.stdout


def test_a_target_that_names_a_directory_or_nothing_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "x.csv"
    data.write_text(REPORTS)
    for target in (f"{tmp_path}/new/", ""):
        done = tally("check", str(data), "-o", target)
        assert done.returncode == 2 and "give the name of a file" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]


def test_a_whole_record_past_the_longest_line_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "wide.csv"
    data.write_text("source,launched,weapon\nA,1,x\nB,2," + "w" * (1 << 20) + "\n")
    done = tally("check", str(data))
    assert done.returncode == 2 and done.stderr == (
        f"{data}:3: a record longer than 1,048,576 bytes (dronetally.limits.MAX_LINE_BYTES)\n")


def test_a_binary_output_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "chart.png"
    with Output(str(target), binary=True) as stream:
        stream.write(b"\x89PNG\r\n\x1a\n\x00\xff")
        assert not target.exists()
    assert target.read_bytes() == b"\x89PNG\r\n\x1a\n\x00\xff"
    with pytest.raises(RuntimeError), Output(str(target), binary=True) as stream:
        stream.write(b"half")
        raise RuntimeError
    assert target.read_bytes().startswith(b"\x89PNG")
