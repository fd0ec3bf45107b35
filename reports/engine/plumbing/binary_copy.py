"""Parsing PostgreSQL's binary COPY output of bigint arrays (see
sql.read_arrays): NumPy reads each array's elements in place."""

import numpy as np

_ELEMENT = np.dtype([("length", ">i4"), ("value", ">i8")])


def binary_arrays(data: bytes, count: int, keyed: bool, texts: int = 0) -> tuple[list[list], list[str]]:
    """The rows of a binary COPY (header: signature, flags, extension
    length; a row: its number of fields, then per field its length and
    bytes; the trailer a field count of -1), each row an optional text key,
    `count` bigint arrays (dimensions, then per element its length and
    value), then `texts` texts (null: empty)."""
    at, rows, keys = 19, [], []
    while True:
        (fields,) = np.frombuffer(data, ">i2", 1, at)
        at += 2
        if fields == -1:
            return rows, keys
        assert fields == count + keyed + texts, "rows of the expected columns"
        if keyed:
            (length,) = np.frombuffer(data, ">i4", 1, at)
            keys.append(data[at + 4:at + 4 + length].decode())
            at += 4 + int(length)
        row = []
        for _ in range(count):
            (length,) = np.frombuffer(data, ">i4", 1, at)
            at += 4
            if length < 0:  # array_agg of no rows
                row.append(np.zeros(0, dtype=np.int64))
                continue
            ndim = int(np.frombuffer(data, ">i4", 1, at)[0])
            size = int(np.frombuffer(data, ">i4", 1, at + 12)[0]) if ndim else 0
            elements = np.frombuffer(data, _ELEMENT, size, at + 12 + 8 * ndim)
            if size and (elements["length"] != 8).any():
                raise ValueError("a column is not a non-null bigint")
            row.append(elements["value"].astype(np.int64))
            at += int(length)
        for _ in range(texts):
            length = int(np.frombuffer(data, ">i4", 1, at)[0])
            row.append(data[at + 4:at + 4 + length].decode() if length > 0 else "")
            at += 4 + max(length, 0)
        rows.append(row)
