"""README's examples print what README says they print."""

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent


def console_examples() -> list[tuple[str, str]]:
    """(command, expected output) for each `$ ` line in README's console blocks."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples


def test_readme_python_session() -> None:
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8
    assert result.failed == 0


@pytest.mark.parametrize(("command", "expected"), console_examples())
def test_readme_console_example(command: str, expected: str) -> None:
    assert (BIN / "tally").exists(), "install the project (pip install '.[test]') to run this test"
    if "../shared/" in command and not (ROOT.parent / "shared" / "data").is_dir():
        pytest.skip("the Air Force dataset is not beside this checkout")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60,
    )
    assert done.stdout == expected


def test_readme_has_the_console_examples() -> None:
    commands = [c for c, _ in console_examples()]
    assert "tally check" in commands
    assert any(c.startswith("tally show") for c in commands)


def test_first_screen_has_the_two_commands() -> None:
    first_screen = "\n".join(README.read_text(encoding="utf-8").splitlines()[:24])
    assert re.search(r"pip install \. && \S*tally check\n", first_screen)
    assert re.search(r"pip install '\.\[test\]' && \S*python -m pytest\n", first_screen)


def test_ci_runs_readmes_test_command() -> None:
    assert "-m pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_python_blocks_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        namespace: dict[str, object] = {}
        exec(compile(block, "README.md", "exec"), namespace)
        tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
        assert tests
        for test in tests:
            test()
