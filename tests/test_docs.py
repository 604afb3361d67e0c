"""The README's examples still run and still print what it says they print.

Each `$ command` in a ```console block runs in bash with the source tree's `taishan` first on PATH and the
test store in $TAISHAN_STORE. Its exit status must be 0 (2 where the README shows an error), and each
output line the README shows must appear in the output (spacing aside; lines with `…` are elisions).
A plain `taishan` command without --format shows what a terminal gets, so it runs with --format table.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import source_env

from taishan.ingest.pipeline import bundled_report

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def examples() -> list[tuple[str, list[str]]]:
    found = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        for chunk in re.split(r"^(?=\$ )", block, flags=re.M):
            if chunk.startswith("$ "):
                command, *output = chunk[2:].rstrip("\n").split("\n")
                found.append((command, output))
    return found


def squeeze(line: str) -> str:
    return " ".join(line.split())


def test_the_readme_has_examples() -> None:
    assert len(examples()) >= 8


@pytest.mark.parametrize(("command", "output"), examples(), ids=[c for c, _ in examples()])
def test_example(command: str, output: list[str], tmp_path: Path, taishan_bin: Path) -> None:
    if "jq " in command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    plain = command.startswith("taishan ") and not command.startswith("taishan chart")
    if plain and "|" not in command and "--format" not in command:
        command += " --format table"  # stdout is a pipe here; the README shows a terminal
    bin_dir = Path(sys.executable).parent  # python; `taishan` is the source tree's (taishan_bin)
    path = f"{taishan_bin}:{bin_dir}:/usr/bin:/bin"
    env = source_env({"PATH": path, "COLUMNS": "100", "NO_COLOR": "1", "LC_ALL": "C.UTF-8"})
    env["TAISHAN_STORE"] = os.environ["TAISHAN_STORE"]  # conftest's store
    proc = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    wants_error = bool(output) and output[0].startswith("taishan: error")
    assert proc.returncode == (2 if wants_error else 0), proc.stderr
    got = {squeeze(line) for line in (proc.stderr if wants_error else proc.stdout).splitlines()}
    for line in output:
        if "…" not in line and line.strip():
            assert squeeze(line) in got, f"README shows {line!r}; `{command}` printed:\n{proc.stdout}"


def test_quick_start_is_first_and_its_test_command_is_the_one_ci_runs() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    assert README.index("```sh") < README.index("## ")
    assert blocks[0].strip().endswith("taishan query 游客")
    assert blocks[1].strip().endswith("python -m pytest")
    assert "\npython -m pytest\n" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_changelog_keeps_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text and "keepachangelog.com" in text


def api_examples() -> list[str]:
    return [b for b in re.findall(r"```python\n(.*?)```", README, flags=re.S) if b.startswith(">>> ")]


def test_the_readme_api_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_file: Path
) -> None:
    """Every `>>>` line runs and prints what the README shows (doctest), in a folder with a report."""
    [block] = api_examples()
    shutil.copy(bundled_report(), tmp_path / "report.txt")
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
    assert (tmp_path / "my-facts.json").is_file()


def test_the_readme_api_gives_the_command_line_s_first_hit(taishan_bin: Path) -> None:
    """`hits[0]` of the README's example is the first hit of `taishan query 游客 --format json --limit 1`."""
    [block] = api_examples()
    names: dict[str, object] = {}
    upto = block.index("best = hits[0]")
    exec(doctest.script_from_examples(block[:upto]), names)  # the README's own lines, up to its first hit
    hits = names["hits"]
    assert isinstance(hits, list)
    done = subprocess.run(
        [str(taishan_bin / "taishan"), "query", "游客", "--format", "json", "--limit", "1"],
        capture_output=True,
        text=True,
        env=source_env(),
        check=True,
    )
    assert [hits[0].to_dict()] == json.loads(done.stdout)
