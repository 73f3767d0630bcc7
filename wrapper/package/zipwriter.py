"""A deterministic zip writer that can splice in entries compressed earlier.

Every header field is fixed by the entry itself: names sorted, timestamps
pinned to 1980-01-01 00:00, permissions normalised to 0644/0755, no extra
fields, no comments. The same entries give the same bytes on any machine and
in any folder.

Entries carry their compressed payload, so the dependencies of a project are
compressed once (see ``wrapper.package.layer``) and then copied verbatim into
every function's zip; only the handler and shared code are compressed per
build.
"""

from __future__ import annotations

import itertools
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from wrapper.errors import WrapperError

STORED = 0
DEFLATED = 8
# 1980-01-01 00:00:00 in MS-DOS date/time format: the zip epoch, so no build time leaks in.
DOS_TIME = 0
DOS_DATE = (0 << 9) | (1 << 5) | 1
VERSION = 20  # 2.0: deflate, no zip64
MADE_BY = (3 << 8) | VERSION  # 3 = Unix, so external attributes carry permissions
UTF8_FLAG = 0x800
MAX_ENTRIES = 0xFFFF
MAX_OFFSET = 0xFFFFFFFF
LEVEL = 6

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")


@dataclass(frozen=True)
class Entry:
    """One file of a zip with its payload already compressed (``method`` says how)."""

    name: str
    crc: int
    size: int
    method: int
    executable: bool
    payload: bytes

    @property
    def compressed_size(self) -> int:
        return len(self.payload)

    @property
    def mode(self) -> int:
        return 0o100755 if self.executable else 0o100644


def compress(name: str, data: bytes, *, executable: bool = False) -> Entry:
    """Deflate ``data`` (or store it when deflating does not make it smaller)."""
    if name.startswith("/") or ".." in name.split("/") or "\\" in name:
        raise ValueError(f"zip entry names must be relative POSIX paths: {name!r}")
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    packed = packer.compress(data) + packer.flush()
    crc = zlib.crc32(data)
    if len(packed) >= len(data):
        return Entry(name, crc, len(data), STORED, executable, data)
    return Entry(name, crc, len(data), DEFLATED, executable, packed)


def zipped_size(entries: Iterable[Entry]) -> int:
    """The exact size of the zip ``write_zip`` would produce, without writing it."""
    total = _END.size
    for entry in entries:
        name_len = len(entry.name.encode("utf-8"))
        total += _LOCAL.size + _CENTRAL.size + 2 * name_len + entry.compressed_size
    return total


def ordered(entries: Iterable[Entry]) -> list[Entry]:
    """Entries sorted by name; two files at one path, or more than a plain zip holds, is an error."""
    result = sorted(entries, key=lambda e: e.name)
    for first, second in itertools.pairwise(result):
        if first.name == second.name:
            raise WrapperError(f"two files would land at {first.name!r} in the zip", "rename one of them or exclude it")
    if len(result) > MAX_ENTRIES:
        raise WrapperError(f"{len(result)} files do not fit in a zip without zip64", "exclude files you do not need at run time")
    return result


def write_zip(path: Path, entries: Iterable[Entry]) -> None:
    """Write ``entries`` sorted by name, so their order never matters."""
    with path.open("wb") as out:
        _write(out, ordered(entries))


def _write(out: BinaryIO, entries: list[Entry]) -> None:
    offsets: list[int] = []
    offset = 0
    for entry in entries:
        name = entry.name.encode("utf-8")
        offsets.append(offset)
        header = _LOCAL.pack(
            0x04034B50, VERSION, _flags(entry), entry.method, DOS_TIME, DOS_DATE, entry.crc, entry.compressed_size, entry.size, len(name), 0
        )
        out.write(header)
        out.write(name)
        out.write(entry.payload)
        offset += len(header) + len(name) + entry.compressed_size
        if offset > MAX_OFFSET:
            raise WrapperError("the zip would exceed 4 GB", "exclude files you do not need at run time")
    directory_start = offset
    for entry, local_offset in zip(entries, offsets, strict=True):
        name = entry.name.encode("utf-8")
        record = _CENTRAL.pack(
            0x02014B50,
            MADE_BY,
            VERSION,
            _flags(entry),
            entry.method,
            DOS_TIME,
            DOS_DATE,
            entry.crc,
            entry.compressed_size,
            entry.size,
            len(name),
            0,
            0,
            0,
            0,
            entry.mode << 16,
            local_offset,
        )
        out.write(record)
        out.write(name)
        offset += len(record) + len(name)
    out.write(_END.pack(0x06054B50, 0, 0, len(entries), len(entries), offset - directory_start, directory_start, 0))


def _flags(entry: Entry) -> int:
    return 0 if entry.name.isascii() else UTF8_FLAG
