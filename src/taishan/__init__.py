"""taishan: a Chinese local-government report as a store of facts, queried in Chinese or pinyin."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`taishan.__version__`, read from the package metadata only when asked (it costs ~30 ms)."""
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'taishan' has no attribute {name!r}")


def version() -> str:
    """The installed version: the single source is pyproject.toml, through the package metadata."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as metadata_version

    try:
        return metadata_version("taishan")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"
