#!/usr/bin/env python3
"""Writes the zip archives under fixtures/zip/ that LaunchpadArchiveTests read.

Deterministic: fixed timestamps and attributes, so running it again gives the same bytes
(with the same zlib). Python's zipfile writes the archives; the hostile ones are patched
afterwards (zipfile will not write a wrong CRC, an encryption flag without encryption,
a NUL in a name or two entries sharing one local header), and the zip64 one is written by
hand because zipfile only uses zip64 records for archives too large to commit.

Usage: scripts/make-zip-fixtures.py [OUT_DIR]   (default: fixtures/zip beside this script)
"""

import os
import struct
import sys
import zipfile
import zlib

DATE_TIME = (2024, 1, 2, 3, 4, 6)
LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")            # 30 bytes, signature 0x04034b50
CENTRAL_HEADER = struct.Struct("<IHHHHHHIIIHHHHHII")    # 46 bytes, signature 0x02014b50
END_RECORD = struct.Struct("<IHHHHIIH")                 # 22 bytes, signature 0x06054b50
ZIP64_END_RECORD = struct.Struct("<IQHHIIQQQQ")         # 56 bytes, signature 0x06064b50
ZIP64_LOCATOR = struct.Struct("<IIQI")                  # 20 bytes, signature 0x07064b50


def advisory_json(index):
    """A small JSON document, distinct per index, shaped like an OSV record."""
    return (
        '{"schema_version":"1.6.0","id":"LP-FIXTURE-%04d","modified":"2024-01-02T03:04:05Z",'
        '"summary":"fixture record %d","affected":[{"package":{"ecosystem":"npm","name":"lp-test-%d"}}]}\n'
        % (index, index, index)
    ).encode()


def info(name, method):
    zinfo = zipfile.ZipInfo(name, DATE_TIME)
    zinfo.compress_type = method
    zinfo.create_system = 3
    zinfo.external_attr = 0o100644 << 16
    return zinfo


def write_archive(path, entries):
    """entries: (name, bytes, method) in order."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data, method in entries:
            archive.writestr(info(name, method), data, compresslevel=9 if method == zipfile.ZIP_DEFLATED else None)


def central_records(data):
    """Yields (offset of the central record, its name) for each entry, read from the end record."""
    end = data.rindex(b"PK\x05\x06")
    _, _, _, _, count, _, start, _ = END_RECORD.unpack_from(data, end)
    offset = start
    for _ in range(count):
        fields = CENTRAL_HEADER.unpack_from(data, offset)
        name_length, extra_length, comment_length = fields[10], fields[11], fields[12]
        name = data[offset + 46: offset + 46 + name_length]
        yield offset, name
        offset += 46 + name_length + extra_length + comment_length


def patch_central(data, name, field_offset, fmt, value):
    """Overwrites one field of the named entry's central record; field_offset counts from the signature."""
    data = bytearray(data)
    for offset, entry_name in central_records(bytes(data)):
        if entry_name == name:
            struct.pack_into(fmt, data, offset + field_offset, value)
            return bytes(data)
    raise SystemExit("no central record for %r" % name)


def local_offset(data, name):
    for offset, entry_name in central_records(data):
        if entry_name == name:
            return struct.unpack_from("<I", data, offset + 42)[0]
    raise SystemExit("no central record for %r" % name)


def rewrite(path, change):
    with open(path, "rb") as file:
        data = file.read()
    with open(path, "wb") as file:
        file.write(change(data))


def zip64_archive(entries):
    """A complete zip64 archive: every size and offset in zip64 extra fields, a zip64 end record and locator."""
    out = bytearray()
    central = bytearray()
    dos_time = (DATE_TIME[3] << 11) | (DATE_TIME[4] << 5) | (DATE_TIME[5] // 2)
    dos_date = ((DATE_TIME[0] - 1980) << 9) | (DATE_TIME[1] << 5) | DATE_TIME[2]
    for name, data, method in entries:
        name = name.encode()
        payload = data if method == 0 else zlib.compress(data, 9)[2:-4]  # raw deflate: no zlib header or adler32
        crc = zlib.crc32(data)
        offset = len(out)
        local_extra = struct.pack("<HHQQ", 1, 16, len(data), len(payload))
        out += LOCAL_HEADER.pack(0x04034B50, 45, 0, method, dos_time, dos_date, crc,
                                 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(local_extra))
        out += name + local_extra + payload
        central_extra = struct.pack("<HHQQQ", 1, 24, len(data), len(payload), offset)
        central += CENTRAL_HEADER.pack(0x02014B50, (3 << 8) | 45, 45, 0, method, dos_time, dos_date, crc,
                                       0xFFFFFFFF, 0xFFFFFFFF, len(name), len(central_extra), 0, 0, 0,
                                       0o100644 << 16, 0xFFFFFFFF)
        central += name + central_extra
    central_offset = len(out)
    out += central
    zip64_end_offset = len(out)
    out += ZIP64_END_RECORD.pack(0x06064B50, 44, (3 << 8) | 45, 45, 0, 0,
                                 len(entries), len(entries), len(central), central_offset)
    out += ZIP64_LOCATOR.pack(0x07064B50, 0, zip64_end_offset, 1)
    out += END_RECORD.pack(0x06054B50, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return bytes(out)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "zip")
    os.makedirs(out_dir, exist_ok=True)
    path = lambda name: os.path.join(out_dir, name)
    stored, deflated = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED

    # Stored and deflated entries, a directory, a nested entry.
    write_archive(path("normal.zip"), [
        ("stored.json", advisory_json(1), stored),
        ("deflated.json", advisory_json(2) * 40, deflated),
        ("dir/", b"", stored),
        ("dir/nested.json", advisory_json(3), deflated),
    ])

    # zip64 end record and locator, sizes and offsets only in zip64 extra fields.
    with open(path("zip64.zip"), "wb") as file:
        file.write(zip64_archive([
            ("first.json", advisory_json(4), stored),
            ("second.json", advisory_json(5) * 20, deflated),
        ]))

    # Unsafe names beside good entries; the NUL is patched in because zipfile cuts names at NUL.
    write_archive(path("traversal.zip"), [
        ("good.json", advisory_json(6), deflated),
        ("../evil.json", advisory_json(7), deflated),
        ("/absolute.json", advisory_json(8), stored),
        ("windows\\path.json", advisory_json(9), stored),
        ("C:drive.json", advisory_json(10), stored),
        ("nul#.json", advisory_json(11), stored),
        ("docs/../../escape.json", advisory_json(12), stored),
        ("also-good.json", advisory_json(13), stored),
    ])
    rewrite(path("traversal.zip"), lambda data: data.replace(b"nul#.json", b"nul\x00.json"))

    # 64 MiB of zeros, deflated: about 64 KB, a ratio near deflate's maximum of 1032.
    write_archive(path("bomb.zip"), [
        ("small.json", advisory_json(14), deflated),
        ("zeros.json", bytes(64 << 20), deflated),
    ])

    # 32 MiB of zeros whose central record claims 1,000 bytes: only limits enforced while inflating stop it.
    write_archive(path("lying-size.zip"), [("zeros.json", bytes(32 << 20), deflated)])
    rewrite(path("lying-size.zip"), lambda data: patch_central(data, b"zeros.json", 24, "<I", 1000))

    # A CRC that does not match the data (in the central record, which readers trust).
    write_archive(path("bad-crc.zip"), [
        ("good.json", advisory_json(15), deflated),
        ("bad-crc.json", advisory_json(16), deflated),
    ])
    rewrite(path("bad-crc.zip"), lambda data: patch_central(
        data, b"bad-crc.json", 16, "<I", zlib.crc32(advisory_json(16)) ^ 0x5A5A5A5A))

    # The end of an archive cut off.
    with open(path("normal.zip"), "rb") as file:
        normal = file.read()
    with open(path("truncated.zip"), "wb") as file:
        file.write(normal[: len(normal) // 2])

    with open(path("not-a-zip.zip"), "wb") as file:
        file.write(b"this is a text file, not a zip archive\n" * 4)

    # The encryption flag (general purpose bit 0) on one entry that is in fact plain.
    write_archive(path("encrypted.zip"), [
        ("plain.json", advisory_json(17), stored),
        ("encrypted.json", advisory_json(18), stored),
    ])
    rewrite(path("encrypted.zip"), lambda data: patch_central(data, b"encrypted.json", 8, "<H", 0x0001))

    # Two central records pointing at one local header (the "overlapping files" bomb's trick),
    # and an entry whose data runs over the next entry's local header.
    write_archive(path("overlapping.zip"), [
        ("first.json", advisory_json(19), stored),
        ("second.json", advisory_json(20), stored),
        ("third.json", advisory_json(21), stored),
        ("fourth.json", advisory_json(22), stored),
    ])

    def overlap(data):
        data = patch_central(data, b"second.json", 42, "<I", local_offset(data, b"first.json"))
        # third.json claims 100 more bytes than it has: they run into fourth.json's local header.
        size = len(advisory_json(21)) + 100
        data = patch_central(data, b"third.json", 20, "<I", size)
        return patch_central(data, b"third.json", 24, "<I", size)
    rewrite(path("overlapping.zip"), overlap)

    # A compression method the reader does not implement (bzip2, 12) beside a stored entry.
    write_archive(path("unsupported-method.zip"), [
        ("stored.json", advisory_json(23), stored),
        ("bzip2.json", advisory_json(24), zipfile.ZIP_BZIP2),
    ])

    # Python's own reader agrees on the archives meant to be sound.
    for name in ("normal.zip", "zip64.zip", "bomb.zip"):
        with zipfile.ZipFile(path(name)) as archive:
            assert archive.testzip() is None, name
    for name in sorted(os.listdir(out_dir)):
        size = os.path.getsize(path(name))
        assert size < 200_000, (name, size)
        print("%-24s %7d bytes" % (name, size))


if __name__ == "__main__":
    main()
