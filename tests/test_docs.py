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
from typer.testing import CliRunner, Result

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


# -- the README's claims, each tried -------------------------------------------------------------


def _taishan(args: list[str], monkeypatch: pytest.MonkeyPatch, **env: str) -> Result:
    """`taishan ARGS` in this process (CliRunner), with `env` set and $TAISHAN_STORE only if given."""
    from taishan.cli import app

    monkeypatch.delenv("TAISHAN_STORE", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return CliRunner().invoke(app, args)


def test_the_exit_code_table_is_the_exit_codes() -> None:
    from taishan.errors import ExitCode

    table = re.search(r"### Exit codes\n\n(.*?)\n\n", README, flags=re.S)
    assert table is not None
    codes = {int(c) for c in re.findall(r"^\| (\d+) \|", table.group(1), flags=re.M)}
    assert codes == {int(c) for c in ExitCode}


def test_a_reader_gone_early_is_141_and_a_full_disk_2(tmp_path: Path, taishan_bin: Path) -> None:
    assert (
        "gets 141 only if taishan was still writing" in README
        and "(`> /dev/full`) is an error, exit 2" in README
    )
    env = source_env({"PATH": f"{taishan_bin}:/usr/bin:/bin", "TAISHAN_STORE": os.environ["TAISHAN_STORE"]})
    script = (
        "taishan list --format json | (exec 0<&-); echo ${PIPESTATUS[0]};"  # reader gone at once
        "taishan list --limit 1 | head -1 >/dev/null; echo ${PIPESTATUS[0]};"  # all of it fit the pipe
        "taishan list > /dev/full 2>/dev/null; echo $?"
    )
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["141", "0", "2"]


def test_the_highlighting_the_readme_promises(monkeypatch: pytest.MonkeyPatch) -> None:
    claim = re.search(r"highlighted however it was typed \(([^)]*)\)", README)
    assert claim is not None
    promised = {
        query: word
        for queries, word in re.findall(r"((?:`[^`]+`(?:, | and )?)+) (?:all )?marks? (\w+)", claim.group(1))
        for query in re.findall(r"`([^`]+)`", queries)
    }
    assert promised == {"youke": "游客", "油客": "游客", "遊客": "游客", "GDP": "生产总值"}
    store = os.environ["TAISHAN_STORE"]
    monkeypatch.delenv("NO_COLOR", raising=False)
    for query, word in promised.items():
        args = ["query", query, "--limit", "1", "--format", "table"]
        result = _taishan(args, monkeypatch, FORCE_COLOR="1", COLUMNS="100", TAISHAN_STORE=store)
        assert result.exit_code == 0 and f"\x1b[1;33m{word}\x1b[0m" in result.stdout, (query, result.stdout)


def test_the_store_lookup_order_the_readme_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        "`--store`, then `$TAISHAN_STORE`, then `./facts.json` in the\nfolder they run in, then the bundled one"
        in README
    )
    session_store = os.environ["TAISHAN_STORE"]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text("全市接待游客7777万人次。\n", encoding="utf-8")
    built = _taishan(["build", "mine.txt"], monkeypatch)
    assert built.exit_code == 0 and built.stderr.startswith("wrote 1 fact to facts.json;")
    value = ["query", "游客", "--fields", "value", "--no-header", "--limit", "1"]
    assert _taishan(value, monkeypatch).stdout == "7777\n"  # ./facts.json, not the bundled store
    env_store = _taishan(value, monkeypatch, TAISHAN_STORE=session_store)
    assert env_store.stdout == "1439\n"  # $TAISHAN_STORE before ./facts.json
    option = _taishan([*value, "--store", "facts.json"], monkeypatch, TAISHAN_STORE=session_store)
    assert option.stdout == "7777\n"  # --store before $TAISHAN_STORE
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert _taishan(value, monkeypatch).stdout == "1439\n"  # no ./facts.json here: the bundled store


def test_the_build_walkthrough_runs(tmp_path: Path, taishan_bin: Path) -> None:
    """The README's ```sh block under "Building a store", line by line, on a report of our own."""
    section = README.split("## Building a store from another report", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.S)
    assert block is not None
    (tmp_path / "my-report.txt").write_text("全市接待游客7777万人次，增长12%。\n", encoding="utf-8")
    env = source_env({"PATH": f"{taishan_bin}:/usr/bin:/bin", "LC_ALL": "C.UTF-8"})
    script = "set -euo pipefail\n" + block.group(1)
    proc = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "7777" in proc.stdout


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
