#!/usr/bin/env python3
"""Decodes a screenshot (8-bit RGB/RGBA PNG, stdlib only) and checks it is
not blank: at least MIN_COLOURS distinct colours and at least 1% of the
pixels away from the most common (background) colour. With --colour RRGGBB
(repeatable) also requires pixels close to each colour (an inline SVG's
series or graph drawn on screen).
Usage: png_check.py FILE.png [--colour 1f77b4 ...]; exit 0 ok, 1 otherwise."""
import struct
import sys
import zlib
from collections import Counter

MIN_COLOURS = 8


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError("unsupported PNG (depth %d, colour type %d)" % (depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [r[i:i + 3] for r in rows for i in range(0, stride, bpp)]


def main():
    path, wanted = sys.argv[1], [bytes.fromhex(c) for c in sys.argv[3::2]]
    width, height, pixels = decode(path)
    counts = Counter(pixels)
    background, n = counts.most_common(1)[0]
    other = 1 - n / len(pixels)
    print("%s: %dx%d, %d colours, %.1f%% not background" % (path, width, height, len(counts), 100 * other))
    ok = len(counts) >= MIN_COLOURS and other >= 0.01
    for w in wanted:
        near = sum(v for p, v in counts.items() if max(abs(p[i] - w[i]) for i in range(3)) <= 24)
        print("  pixels near #%s: %d" % (w.hex(), near))
        ok = ok and near >= 20
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
