"""Shell completion, driven as each shell drives it: fuzzy --category values, quoted to insert whole."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import source_env
from typer.testing import CliRunner

from taishan.cli import app

ECONOMY = "持续精准发力 经济平稳健康运行"
runner = CliRunner()


def complete(shell: str, line: str) -> str:
    """What `taishan` answers a shell that asks for the completions of `line` (cursor at its end)."""
    env = {"_TAISHAN_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split(" ")
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = runner.invoke(app, [], env=env, prog_name="taishan")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("typed", ["经", "经济", "jingji", "jj", "JingJi", "經濟", "持续精准"])
@pytest.mark.parametrize("command", ["list", "query 游客", "categories"])
def test_category_completes_fuzzily_and_bash_gets_it_escaped(typed: str, command: str) -> None:
    assert complete("bash", f"taishan {command} --category {typed}") == ECONOMY.replace(" ", "\\ ") + "\n"


def test_zsh_adds_fuzzy_matches_without_its_own_filter() -> None:
    # compadd -U: the match replaces `jingji` instead of being dropped for not beginning with it
    assert complete("zsh", "taishan list -c jingji") == f"compadd -U -V taishan -- '{ECONOMY}'\n"


def test_zsh_still_describes_options() -> None:
    assert complete("zsh", "taishan list --for").startswith('_arguments \'*: :(("--format":')


def test_fish_gets_the_value_as_it_is() -> None:
    assert complete("fish", "taishan list --category 经") == f"{ECONOMY}\n"


def test_nothing_typed_offers_every_section_and_nonsense_none() -> None:
    every = complete("bash", "taishan list --category ").splitlines()
    assert len(every) == 7 and ECONOMY.replace(" ", "\\ ") in every
    # several names: no shared quote for readline to put in place of what was typed
    assert len({name[0] for name in every}) > 1
    assert complete("bash", "taishan list --category xyzzy").strip() == ""


def test_commands_and_options_still_complete() -> None:
    assert complete("bash", "taishan li") == "list\n"
    assert "--format" in complete("bash", "taishan list --for").split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_inserts_the_completion_as_one_word(tmp_path: Path, taishan_bin: Path) -> None:
    """The real bash function: its COMPREPLY, read back by the shell, is one argument."""
    taishan = taishan_bin / "taishan"
    script = f"""
        source <(_TAISHAN_COMPLETE=source_bash {taishan})
        COMP_WORDS=(taishan list --category jingji); COMP_CWORD=3
        _taishan_completion taishan
        eval "set -- ${{COMPREPLY[0]}}"
        echo "$#:$1"
    """
    env = source_env({**os.environ, "PATH": f"{taishan_bin}:/usr/bin:/bin"})  # the function runs `taishan`
    out = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path, env=env
    )
    assert out.stdout == f"1:{ECONOMY}\n"
