"""Hand-made zip archives whose directory may state any size: zip bombs for the upload tests.

zipfile can only write what it compresses itself, so a bomb is built from its raw parts: one
compressed MiB of zeros, byte-aligned by a full flush so that it can be repeated, then the final
empty block. 1 GiB of zeros costs a megabyte and no time to build.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

MIB = 1 << 20


@dataclass(frozen=True)
class RawEntry:
    name: str
    packed: bytes
    unpacked_size: int  # as the directory states it: true, or a lie
    crc: int = 0
    method: int = 8  # deflate


def deflated_zeros(mebibytes: int) -> tuple[bytes, int]:
    """(raw deflate stream that inflates to `mebibytes` MiB of zeros, its CRC-32)."""
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)
    one_mib = squeezer.compress(bytes(MIB)) + squeezer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    zeros = bytes(MIB)
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    return one_mib * mebibytes + zlib.compressobj(9, zlib.DEFLATED, -15).flush(), crc


def stored(name: str, text: str) -> RawEntry:
    data = text.encode()
    return RawEntry(name, data, len(data), zlib.crc32(data), method=0)


def zip_of(entries: list[RawEntry]) -> bytes:
    """A zip archive of these entries, sizes written exactly as each entry states them."""
    body, directory = bytearray(), bytearray()
    for entry in entries:
        name = entry.name.encode()
        sizes = (entry.crc, len(entry.packed), entry.unpacked_size, len(name))
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, entry.method, 0, 0x21,
                                 *sizes, 0, 0, 0, 0, 0, len(body)) + name
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, entry.method, 0, 0x21, *sizes, 0) + name + entry.packed
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries) & 0xFFFF, len(entries) & 0xFFFF, len(directory), len(body), 0)
    return bytes(body + directory + end)
