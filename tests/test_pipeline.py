"""pipeline: several reports built by a pool of processes give what one process gives, in order."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from taishan.errors import ReportError
from taishan.ingest.pipeline import _context, bundled_report, each_report

HERE = Path(__file__).resolve().parent
# ../shared beside the checkout (a worktree sits a level deeper)
PROVINCES = next(
    (f for p in HERE.parents[1:3] if (f := p / "shared" / "corpus" / "provinces-2025").is_dir()),
    HERE / "none",
)


@pytest.fixture
def reports(tmp_path: Path) -> list[Path]:
    """Four small reports (the bundled one, cut into parts), so a pool has reports in flight."""
    lines = bundled_report().read_text(encoding="utf-8").splitlines()
    out = []
    for i in range(4):
        path = tmp_path / f"part-{i}.txt"
        path.write_text("\n".join(lines[i * 40 : (i + 1) * 40 + 20]), encoding="utf-8")
        out.append(path)
    return out


def built(paths: list[Path], workers: int) -> list[tuple[str, list[dict[str, object]]]]:
    return [(info.id, records) for info, records in each_report(paths, workers=workers)]


@pytest.fixture
def a_thread() -> Iterator[None]:
    """A thread running, as the progress bar's is while a build runs on a terminal."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield
    stop.set()
    thread.join()


def test_a_pool_builds_what_one_process_builds_in_the_same_order(reports: list[Path]) -> None:
    alone = built(reports, workers=1)
    assert [name for name, _ in alone] == ["part-0", "part-1", "part-2", "part-3"]
    assert built(reports, workers=2) == alone
    assert built(reports, workers=3) == alone


def test_with_a_thread_running_workers_fork_from_a_server_and_build_the_same(
    reports: list[Path], a_thread: None
) -> None:
    assert _context().get_start_method() == "forkserver"
    assert built(reports, workers=2) == built(reports, workers=1)


def test_without_threads_workers_are_forked() -> None:
    if threading.active_count() > 1:
        pytest.skip(f"threads running: {[t.name for t in threading.enumerate()]}")
    assert _context().get_start_method() == "fork"


@pytest.mark.parametrize("bad_at", [0, 2, 4])
def test_a_bad_report_fails_in_its_turn_with_its_own_message(reports: list[Path], bad_at: int) -> None:
    bad = reports[0].parent / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    paths = [*reports[:bad_at], bad, *reports[bad_at:]]
    heard: list[str] = []
    for workers in (1, 2):
        heard.clear()
        with pytest.raises(ReportError, match="PNG image") as info:
            for _ in each_report(paths, progress=lambda p: heard.append(p.name), workers=workers):
                pass
        assert "\n" not in str(info.value)
        assert heard == [p.name for p in reports[:bad_at]]  # the reports before it, and no other


def test_two_reports_of_one_name_are_refused_by_a_pool_too(reports: list[Path]) -> None:
    twin = reports[0].parent / "other" / reports[1].name
    twin.parent.mkdir()
    twin.write_text("全年接待游客1439万人次。", encoding="utf-8")
    with pytest.raises(ReportError, match="two reports are named 'part-1'"):
        built([*reports, twin], workers=2)


def test_a_reader_that_stops_early_stops_the_pool(reports: list[Path]) -> None:
    stream = each_report(reports * 3, workers=2)  # the same files again: stopped before the twins
    info, _ = next(stream)
    assert info.id == "part-0"
    stream.close()  # the pool shuts down; nothing hangs


@pytest.mark.skipif(not PROVINCES.is_dir(), reason="../shared is not beside this checkout")
def test_a_folder_of_docx_builds_alike_in_a_pool() -> None:
    paths = sorted(PROVINCES.glob("*.docx"))[:3]
    assert built(paths, workers=2) == built(paths, workers=1)
