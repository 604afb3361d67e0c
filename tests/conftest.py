"""Shared fixtures: every test reads a store built into tmp_path, never the user's."""

from __future__ import annotations

from pathlib import Path

import pytest

from taishan.ingest.pipeline import build_records, bundled_report
from taishan.store import Record, save


@pytest.fixture(scope="session")
def records() -> list[Record]:
    """The bundled report's facts, built once per test session."""
    return build_records([bundled_report()])


@pytest.fixture(scope="session")
def store_file(tmp_path_factory: pytest.TempPathFactory, records: list[Record]) -> Path:
    path = tmp_path_factory.mktemp("store") / "facts.json"
    save(records, path)
    return path


@pytest.fixture(autouse=True)
def _isolated_store(monkeypatch: pytest.MonkeyPatch, store_file: Path) -> None:
    """Commands without --store read the session's store through $TAISHAN_STORE."""
    monkeypatch.setenv("TAISHAN_STORE", str(store_file))
