"""The bad-input corpus: every file in tests/corpus, through every output
format, gives exit status 2, no output, and exactly the located messages
written in tests/corpus/EXPECTED."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dronetally.cli import main

CORPUS = Path(__file__).with_name("corpus")
FORMATS = ("table", "json", "jsonl", "csv", "markdown")


def expectations() -> dict[str, tuple[int, str]]:
    """File name -> (exit status, messages), from EXPECTED: a ``== NAME`` line,
    an ``exit N`` line, then the messages, ``{path}`` standing for the file's path."""
    out: dict[str, tuple[int, str]] = {}
    blocks = (CORPUS / "EXPECTED").read_text(encoding="utf-8").split("\n== ")
    for block in blocks:
        head, status, *messages = block.removeprefix("== ").rstrip("\n").split("\n")
        out[head] = (int(status.removeprefix("exit ")), "\n".join(messages))
    return out


EXPECTED = expectations()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import importlib.util

    where = tmp_path_factory.mktemp("corpus")
    for path in CORPUS.iterdir():
        if path.name not in ("EXPECTED", "generate.py"):
            shutil.copy(path, where / path.name)
    spec = importlib.util.spec_from_file_location("generate", CORPUS / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.write(where)
    return where


def test_every_file_of_the_corpus_has_an_expectation(corpus: Path) -> None:
    assert sorted(p.name for p in corpus.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_is_refused_with_its_located_messages(corpus: Path, name: str) -> None:
    status, messages = EXPECTED[name]
    path = corpus / name
    before = path.read_bytes()
    args = ["check", "--schema", str(path)] if name.startswith("schema-") else ["check", str(path)]
    for fmt in FORMATS:
        result = CliRunner().invoke(main, [*args, "-f", fmt])
        assert (result.exit_code, result.stderr.rstrip("\n")) == (status, messages.replace("{path}", str(path))), fmt
        assert result.stdout == "", fmt  # nothing written: the output is whole or nothing
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == before  # input is only read
