"""The bad inputs of the corpus too large to keep in git, made on demand.

    python tests/corpus/generate.py DIR

writes each into DIR under the name its expectation in ``EXPECTED`` uses.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LARGE: dict[str, bytes] = {
    # a record that never ends: longer than MAX_LINE_BYTES
    "csv-long-line.csv": b"source,launched\na,1\n" + b"x" * (2 << 20),
    # a header of more columns than MAX_COLUMNS
    "csv-many-columns.csv": ("source," + ",".join(f"c{i}" for i in range(10_001)) + "\n").encode(),
    # a value of 100,000 characters: cut in its message
    "csv-long-value.csv": b"source,launched\na," + b"9x" * 50_000 + b"\n",
    # a text longer than MAX_CELL_CHARS, in CSV and in JSON
    "csv-long-text.csv": b"source,launched,weapon\na,1," + b"w" * 20_000 + b"\n",
    "json-long-text.json": json.dumps([{"source": "a", "weapon": "w" * 20_000, "figures": {"launched": 1}}]).encode(),
    # nested 100,000 deep
    "json-deep.json": b"[" * 100_000,
    # a number of 100,000 digits
    "json-huge-number.json": b'[{"source": "a", "figures": {"launched": ' + b"9" * 100_000 + b"}}]",
    # a chain of 2,000 nodes, each a part of the one before
    "schema-chain.json": json.dumps({"nodes": {
        **{f"n{i}": {"d": [f"n{i + 1}"]} for i in range(1999)}, "n1999": {}}}).encode(),
}


def write(directory: Path) -> list[Path]:
    out = []
    for name, data in LARGE.items():
        path = directory / name
        path.write_bytes(data)
        out.append(path)
    return out


if __name__ == "__main__":
    for made in write(Path(sys.argv[1])):
        print(made)
