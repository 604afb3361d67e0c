"""taishan: a Chinese local-government report as a store of facts, queried in Chinese or pinyin.

The Python API (the command line `taishan` is a thin layer over it)::

    import taishan
    store = taishan.open_store()              # the bundled store; or open_store("my-facts.json")
    hits = store.query("游客", limit=3)        # the same ranking as `taishan query 游客`
    hits[0].value, hits[0].unit, hits[0].change, hits[0].score
    store.facts(category="经济", unit="亿元")   # the same filters as `taishan list`
    store.get("taishan-2023h1-d86edc"); store.categories()
    taishan.build(["report.txt"], store="my-facts.json")

Facts are frozen `Fact`s with the contract's fields as attributes; `Fact.to_dict()` is the JSON the
command line prints. Errors are `TaishanError`s with a one-line message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what mypy and editors see; at run time each is imported when first asked for
    from taishan.api import Category, Store, build, is_current, open_store
    from taishan.errors import NotFoundError, ReportError, StoreError, TaishanError, UsageError
    from taishan.model import Fact, Rank

__all__ = [
    "Category",
    "Fact",
    "NotFoundError",
    "Rank",
    "ReportError",
    "Store",
    "StoreError",
    "TaishanError",
    "UsageError",
    "build",
    "is_current",
    "open_store",
    "version",
]

# name -> the module that defines it: imported on first use, so that the command line, which
# imports this package at start-up, pays for none of it (tests/test_import_budget.py)
_LAZY = {
    "Category": "taishan.api",
    "Store": "taishan.api",
    "build": "taishan.api",
    "is_current": "taishan.api",
    "open_store": "taishan.api",
    "Fact": "taishan.model",
    "Rank": "taishan.model",
    "NotFoundError": "taishan.errors",
    "ReportError": "taishan.errors",
    "StoreError": "taishan.errors",
    "TaishanError": "taishan.errors",
    "UsageError": "taishan.errors",
}


def __getattr__(name: str) -> Any:
    """The API's names on first use; `taishan.__version__` from the package metadata (~30 ms)."""
    if name == "__version__":
        return version()
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'taishan' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def version() -> str:
    """The installed version: the single source is pyproject.toml, through the package metadata."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as metadata_version

    try:
        return metadata_version("taishan")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"
