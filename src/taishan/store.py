"""Load, validate and atomically save the fact store: a TinyDB JSON file, or a folder of them.

Reading uses the json module directly (the file is plain TinyDB JSON); writing streams the
bytes TinyDB would write, record by record, into a temporary file that then replaces the store, so
a killed build leaves the old store intact and a large build never holds every record.

A store folder holds one such file per report, `ID.facts.json` (its `reports` row and its facts: a
store of its own), and `reports.json`, the manifest: the `reports` table alone, one row per report
in store order. The folder's facts are its reports' files' facts in the manifest's order, so it
answers as the single file of the same reports does; a build rewrites only the reports it touches.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from taishan.errors import StoreError, TaishanError
from taishan.model import SCHEMA

ENV_VAR = "TAISHAN_STORE"
INDEX_MIN_BYTES = 4_000_000  # below this a store is parsed whole: quicker than opening its index
TABLE = "_default"
REPORTS = "reports"  # one row per report (ingest/meta.py); written first, so a query reads it alone
Record = dict[str, Any]


class Stored(dict[str, Any]):
    """A fact read from a store only as far as its report, with its bytes as they stand there
    (`raw`): an incremental build copies the facts it keeps rather than decoding and encoding them
    again (at a million facts, most of its time). Only `write` takes one."""

    def __init__(self, report: str, raw: bytes) -> None:
        super().__init__(report=report)
        self.raw = raw


def _valid_keys(keys: Any) -> bool:
    """`keys`, where a store has it: field name -> its encoded pinyin (keys.encode), or null.

    A key may also be a list of syllables, as older stores hold it (keys.decode reads both).
    """
    if keys is None:
        return True
    if not isinstance(keys, dict):
        return False
    return all(
        isinstance(name, str)
        and (
            key is None
            or isinstance(key, str)
            or (isinstance(key, list) and all(isinstance(k, str) for k in key))
        )
        for name, key in keys.items()
    )


if TYPE_CHECKING:  # a Protocol class costs a query's start-up ~1 ms to create

    class Writable(Protocol):
        def write(self, data: bytes, /) -> int | None: ...


def _valid_status(status: Any) -> bool:
    """`status`, where a store has it: "actual", "estimate" or "target"."""
    return status is None or status in STATUSES


STATUSES = ("actual", "estimate", "target")
# build writes these; absent in older stores (a fact's fields and their types: model.SCHEMA)
OPTIONAL = {"keys": _valid_keys, "status": _valid_status}


def bundled_store() -> Path:
    """The store shipped inside the package (the repo's top-level facts.json, copied at install).

    An editable install or a source tree has no copy: there the repo's own facts.json is used.
    """
    package = Path(__file__).parent  # not importlib.resources: a plain path, and 1.5 ms less at start-up
    shipped = package / "facts.json"
    source = package.parent.parent / "facts.json"
    return source if not shipped.exists() and source.exists() else shipped


LOCAL_STORE = "facts.json"  # a store in the current folder, as `taishan build` writes it


def resolve(option: str | None) -> Path:
    """`--store`, then $TAISHAN_STORE, then ./facts.json, then the bundled store.

    A path from $TAISHAN_STORE that is not there is a StoreError saying so: the user may have
    forgotten the variable, and no other store is silently read in its place.
    """
    if option:
        return Path(option)
    if os.environ.get(ENV_VAR):
        path = Path(os.environ[ENV_VAR])
        if not path.exists():
            raise StoreError(
                f"fact store not found: {path} (named by ${ENV_VAR}; build it with "
                f"`taishan build REPORT... --store {path}` or unset ${ENV_VAR})"
            )
        return path
    local = Path(LOCAL_STORE)
    return local if local.is_file() else bundled_store()


def found_by(target: Path) -> str:
    """How later commands will find a store just written to `target`, for `build` to tell the user."""
    env = os.environ.get(ENV_VAR)
    absolute = target.resolve()
    if env and Path(env).resolve() != absolute:
        return f"commands read ${ENV_VAR} ({env}) first: pass --store {target} or export {ENV_VAR}={absolute}"
    if env:
        return f"commands read it through ${ENV_VAR}"
    if absolute == Path(LOCAL_STORE).resolve():
        return f"commands run in this folder read it; elsewhere pass --store {absolute}"
    return f"read it with --store {target}, or export {ENV_VAR}={absolute}"


def read_bytes(path: Path, what: str, error: type[TaishanError], hint: str = "") -> bytes:
    """A file's bytes, or `error` with one line saying why not (missing, a directory, unreadable)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{what} not found: {path}{hint}") from None
    except IsADirectoryError:
        raise error(f"{what} is a directory, not a file: {path}{hint}") from None
    except OSError as e:
        raise error(f"cannot read {what} {path}: {e.strerror}{hint}") from None


def load(path: Path) -> list[Record]:
    """Every fact in the store, in report order; StoreError when it is missing or malformed."""
    if path.is_dir():
        return [record for file in report_files(path) for record in validate(load_data(file), file)]
    return validate(load_data(path), path)


MANIFEST = "reports.json"  # a store folder's `reports` table, in store order
SUFFIX = ".facts.json"  # a store folder's file of one report: ID.facts.json


def report_file(folder: Path, report_id: str) -> Path:
    """The file of a report in a store folder: named after its id."""
    return folder / f"{report_id}{SUFFIX}"


def report_files(folder: Path, rows: list[Record] | None = None) -> list[Path]:
    """A store folder's report files, in store order (the manifest's, or `rows`')."""
    return [report_file(folder, row["id"]) for row in (load_reports(folder) if rows is None else rows)]


def manifest(folder: Path) -> Path:
    """A store folder's manifest; StoreError when the folder has none (it is no store)."""
    path = folder / MANIFEST
    if not path.is_file():
        raise StoreError(
            f"{folder} is a folder but not a fact store (it has no {MANIFEST}): "
            f"build one with `taishan build REPORT... --store {folder}/`, or pass --store FILE.json"
        )
    return path


def load_data(path: Path) -> Any:
    """The store file parsed, not yet validated; StoreError when it is missing or not JSON."""
    hint = "run `taishan build` to create it, or pass --store PATH"
    raw = read_bytes(path, "fact store", StoreError, f" ({hint})")
    broken = f"rebuild it from the reports it came from: `taishan build REPORT... --fresh --store {path}`"
    if not raw.strip():
        raise StoreError(f"fact store is empty: {path} ({broken})")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise StoreError(f"fact store is not valid JSON: {path} ({broken})") from None
    return data


def validate(data: Any, path: Path) -> list[Record]:
    def fail(what: str) -> StoreError:  # the hint is built only for a store that fails
        return StoreError(f"fact store {path}{what}; {_rebuild_hint(data, path)}")

    if not isinstance(data, dict) or not isinstance(data.get(TABLE), dict):
        raise fail(f" is not a TinyDB file with a `{TABLE}` table")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise fail(f" has a malformed table {name!r}")
    records: list[Record] = []
    for doc_id, doc in data[TABLE].items():
        if not isinstance(doc, dict):
            raise fail(f": document {doc_id} is not an object")
        for field, (types, required, _) in SCHEMA.items():
            if field not in doc:
                if required:
                    raise fail(f": document {doc_id} lacks a valid `{field}`")
                continue
            if not isinstance(doc[field], types) or isinstance(doc[field], bool):
                what = "lacks a valid" if required else "has a malformed"
                raise fail(f": document {doc_id} {what} `{field}`")
        for field, valid in OPTIONAL.items():
            if not valid(doc.get(field)):
                raise fail(f": document {doc_id} has a malformed `{field}`")
        records.append(doc)
    return records


def _rebuild_hint(data: Any, path: Path) -> str:
    """How to rebuild a broken store: from the reports it was built from, where it still names them
    (not `taishan build --store PATH`, which would build the bundled report into it)."""
    docs = data.get(TABLE) if isinstance(data, dict) else None
    names: dict[str, None] = {}
    for doc in docs.values() if isinstance(docs, dict) else ():
        if isinstance(doc, dict) and isinstance(doc.get("report"), str):
            names.setdefault(doc["report"], None)
    if not names:
        return f"rebuild it from the reports it came from: `taishan build REPORT... --fresh --store {path}`"
    shown = ", ".join(list(names)[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"rebuild it from its reports ({shown}): `taishan build REPORT... --fresh --store {path}`"


def save(records: Iterable[Record], path: Path, reports: Reports = None) -> int:
    """Write the store atomically: a temporary file in the same folder, then a rename. Returns the
    number of facts written; `records` is read once, so a generator streams through.

    `reports` (one row per report) go to the `reports` table, ahead of the facts.

    StoreError (one line) when the place cannot take it: a directory, a read-only folder, a full disk.
    """
    if path.is_dir():
        raise StoreError(f"cannot write one file to {path}: it is a directory (a store folder?)")
    try:
        with atomic_path(path.resolve(), fsync=True) as tmp, open(tmp, "wb") as out:
            return write(records, out, reports)
    except OSError as e:
        raise StoreError(f"cannot write the fact store to {path}: {e.strerror}; pass --store PATH") from None


Reports = list[Record] | Callable[[], list[Record]] | None


def write(records: Iterable[Record], out: Writable, reports: Reports = None) -> int:
    """Write `records` as the bytes TinyDB writes for them (`TinyDB(path, ensure_ascii=False,
    indent=1)` with the `reports` table's rows inserted first, then the facts into `_default`), one
    record at a time: TinyDB would hold every record and the whole text in memory. Returns the
    number of facts written.

    `reports` are the rows, or a function giving them once `records` are read (a streaming build
    learns a report's row from its facts): the table comes first, so the facts wait in a temporary
    file meanwhile. No rows (or none given): no `reports` table, as before it existed.

    TinyDB writes `json.dumps({"reports": {"1": row, ...}, "_default": {"1": record, ...}}, indent=1)`:
    a document sits two levels down, so its own dump is indented by two more spaces (a JSON string
    holds no raw newline).
    """
    if reports is None or isinstance(reports, list):
        if reports:
            _table(REPORTS, reports, out, "{\n")
        count = _table(TABLE, records, out, ",\n" if reports else "{\n")
    else:
        import shutil
        import tempfile

        with tempfile.TemporaryFile() as spool:
            count = _table(TABLE, records, spool, ",\n")
            rows = reports()
            if rows:
                _table(REPORTS, rows, out, "{\n")
                spool.seek(0)
                shutil.copyfileobj(spool, out)
            else:  # the same table, opened as the first
                spool.seek(1)
                out.write(b"{")
                shutil.copyfileobj(spool, out)
    out.write(b"\n}")
    return count


def _table(name: str, docs: Iterable[Record], out: Writable, opening: str) -> int:
    """One table of the store, `opening` it (`{` and a newline for the first, a comma for the next)."""
    dump = json.JSONEncoder(ensure_ascii=False, indent=1).encode
    count = 0
    for doc in docs:
        count += 1
        head = f'{opening} "{name}": {{\n' if count == 1 else ",\n"
        if isinstance(doc, Stored):  # its bytes, as this function wrote them before
            out.write(f'{head}  "{count}": '.encode())
            out.write(doc.raw)
            continue
        out.write(f'{head}  "{count}": {dump(doc).replace(chr(10), chr(10) + "  ")}'.encode())
    out.write(b"\n }" if count else f'{opening} "{name}": {{}}'.encode())
    return count


@contextmanager
def atomic_path(path: Path, fsync: bool = False) -> Iterator[Path]:
    """A temporary file beside `path` for the block to write; it then replaces `path` in one rename,
    or is removed if the block fails, so `path` is never half-written.

    It gets the permissions a new file would (not mkstemp's 0600); `fsync` makes it durable first.
    While the block runs the file is locked, so `remove_orphans` can tell it from one a killed
    process left behind.
    """
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        _lock(fd, wait=True)
        yield tmp
        if fsync:
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)


def remove_orphans(path: Path) -> int:
    """Remove the temporary files of `atomic_path(path)` that no live process holds (a build killed
    half-way leaves one, as large as what it was writing). Returns how many were removed."""
    removed = 0
    import glob

    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            fd = os.open(tmp, os.O_RDWR)
        except OSError:
            continue
        try:
            if _lock(fd, wait=False):
                tmp.unlink(missing_ok=True)
                removed += 1
        finally:
            os.close(fd)
    return removed


def _lock(fd: int, wait: bool) -> bool:
    """Lock the file exclusively (False: another process holds it). Where the system has no
    `flock` (Windows) nothing is locked and nothing counts as an orphan."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def dumps(records: Iterable[Record], reports: Reports = None) -> bytes:
    """The exact bytes `save` writes."""
    out = io.BytesIO()
    write(records, out, reports)
    return out.getvalue()


def is_current(path: Path, records: Iterable[Record], reports: Reports = None) -> bool:
    """Does the store at `path` hold exactly the bytes `save` would write for `records`? (`build
    --check`; a missing store is not current.) Compared as they stream, so memory stays flat."""
    with _Compare(path) as compare:
        write(records, compare, reports)
        return compare.same and compare.at_end()


class _Compare(io.RawIOBase):
    """A writable stream that only checks what is written against a file's bytes."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        try:
            self._file: BinaryIO | None = open(path, "rb")  # noqa: SIM115 (closed in close())
        except OSError:
            self._file = None
        self.same = self._file is not None

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.same and self._file is not None:
            self.same = self._file.read(len(data)) == bytes(data)
        return len(data)

    def at_end(self) -> bool:
        return self._file is not None and self._file.read(1) == b""

    def close(self) -> None:
        if self._file is not None and not self.closed:
            self._file.close()
        super().close()


_FACTS_AFTER = f',\n "{TABLE}": {{'.encode()


def load_reports(path: Path) -> list[Record]:
    """The store's `reports` rows, read without parsing its facts (the table is written first);
    an older store without the table has none. StoreError as `load` when the file is unreadable.
    A store folder's are its manifest's. The rows last read are kept while the file is unchanged
    (a query reads them twice: to narrow by place, and to check a folder's files): each call gets a
    list of its own, of the same row dicts, which no caller changes."""
    if path.is_dir():
        path = manifest(path)
    try:
        st = path.stat()
    except OSError:
        return _read_reports(path)  # names the problem
    key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
    rows = _READ.get(key)
    if rows is None:
        rows = _read_reports(path)
        _READ.clear()
        _READ[key] = rows
    return list(rows)


_READ: dict[tuple[str, int, int, int], list[Record]] = {}  # the last store's rows, by its stat


def _read_reports(path: Path) -> list[Record]:
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
            start = re.match(rb'\{\s*"reports"\s*:\s*', head)
            if start is None:
                return _reports_of(load_data(path), path)
            # the facts' table follows the reports' (`write`); no JSON string holds a newline, so
            # its opening line ends the reports' table: read up to it, then decode that once
            # (decoding ever longer prefixes until one parsed took 0.4 s at 1,755 reports)
            text, end = head, head.find(_FACTS_AFTER)
            while end < 0:
                more = f.read(max(len(text), 1 << 16))
                if not more:
                    break
                text += more
                end = text.find(_FACTS_AFTER, len(text) - len(more) - len(_FACTS_AFTER))
            try:
                part = text[start.end() : end if end >= 0 else len(text)].decode("utf-8")
                table, _ = json.JSONDecoder().raw_decode(part)
            except (ValueError, UnicodeDecodeError):
                return _reports_of(load_data(path), path)
    except OSError:
        return _reports_of(load_data(path), path)
    return _reports_of({REPORTS: table}, path)


def _reports_of(data: Any, path: Path) -> list[Record]:
    table = data.get(REPORTS) if isinstance(data, dict) else None
    if table is None:
        return []
    if not isinstance(table, dict) or not all(
        isinstance(r, dict) and isinstance(r.get("id"), str) for r in table.values()
    ):
        raise StoreError(
            f"fact store {path} has a malformed `{REPORTS}` table; rebuild it with `taishan build --fresh --store {path}`"
        )
    return list(table.values())
