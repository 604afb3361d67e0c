"""taishan: a Chinese local-government report as a store of facts, queried in Chinese or pinyin."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("taishan")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
