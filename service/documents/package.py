"""Writing a .docx package whose unchanged parts were compressed once, when the template was prepared.

A python-docx template carries ~800 kB of styles that never change; deflating them again for every
document cost four fifths of a render. `zipfile` cannot write already-deflated data, so this writes the
(small, well-known) zip format itself: local headers, data, central directory. No zip64: templates are
capped far below 4 GB (settings.max_unpacked_bytes).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_VERSION = 20
_DEFLATED = 8
_UTF8_NAME = 0x0800
# 1980-01-01 00:00, the zip epoch: a fixed stamp keeps identical inputs byte-identical.
_DOS_TIME = 0
_DOS_DATE = (1 << 5) | 1


@dataclass(frozen=True)
class Entry:
    name: str
    data: bytes  # deflated
    crc: int
    size: int


def deflate(name: str, content: bytes, level: int = 6) -> Entry:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return Entry(name, data, zlib.crc32(content), len(content))


def write_zip(entries: list[Entry]) -> bytes:
    """The zip holding `entries` in order ([Content_Types].xml first, as Word writes it)."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for entry in entries:
        name = entry.name.encode("utf-8")
        flags = 0 if entry.name.isascii() else _UTF8_NAME
        header = _LOCAL.pack(
            0x04034B50, _VERSION, flags, _DEFLATED, _DOS_TIME, _DOS_DATE,
            entry.crc, len(entry.data), entry.size, len(name), 0,
        )  # fmt: skip
        chunks += (header, name, entry.data)
        record = _CENTRAL.pack(
            0x02014B50, _VERSION, _VERSION, flags, _DEFLATED, _DOS_TIME, _DOS_DATE,
            entry.crc, len(entry.data), entry.size, len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central.append(record + name)
        offset += len(header) + len(name) + len(entry.data)
    directory = b"".join(central)
    end = _END.pack(0x06054B50, 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(chunks) + directory + end


def replace_entries(package: bytes, replacements: dict[str, bytes]) -> bytes:
    """The zip `package` with the named entries' content replaced (or added); every other entry's
    deflated bytes are copied as they are, not compressed again."""
    entries: list[Entry] = []
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = set(archive.namelist())
        for info in archive.infolist():
            # In place, so documents of one template keep their parts in one order (service/pdf/packet).
            if info.filename in replacements:
                entries.append(deflate(info.filename, replacements[info.filename]))
                continue
            if info.compress_type != zipfile.ZIP_DEFLATED:
                entries.append(deflate(info.filename, archive.read(info)))
                continue
            local = _LOCAL.unpack_from(package, info.header_offset)
            start = info.header_offset + _LOCAL.size + local[9] + local[10]
            data = package[start : start + info.compress_size]
            entries.append(Entry(info.filename, data, info.CRC, info.file_size))
    entries += [deflate(name, content) for name, content in replacements.items() if name not in names]
    return write_zip(entries)
