"""Array parameters in PostgreSQL's binary form. A statement bound on the
server (`send`) passes them as they are, so the server copies each
element instead of parsing its text; one bound in the client (`run`,
`read_arrays`: Django's cursor, COPY) inlines their text."""

import struct

import numpy as np
from psycopg.adapt import Dumper
from psycopg.pq import Format

# Element type and array type (pg_type oids) of each binary kind.
_OIDS = {"bigint": (20, 1016), "address": (27, 1010), "text": (25, 1009)}
# Per element: its length, then its value (a tid: block, then offset).
_ELEMENTS = {
    "bigint": np.dtype([("size", ">i4"), ("value", ">i8")]),
    "address": np.dtype([("size", ">i4"), ("block", ">u4"), ("offset", ">u2")]),
}
BINARY_KINDS = frozenset(_OIDS)


class ArrayParam:
    """A one-dimensional array of bigints, row addresses (block << 16 |
    offset) or texts (without quotes or backslashes: codes, months) to bind
    as one parameter."""

    __slots__ = ("kind", "values")

    def __init__(self, values, kind: str):
        assert kind in BINARY_KINDS, kind
        self.kind = kind
        self.values = list(values) if kind == "text" else np.asarray(values, dtype=np.int64).reshape(-1)

    def binary(self) -> bytes:
        element = _OIDS[self.kind][0]
        n = len(self.values)
        if not n:
            return struct.pack("!iiI", 0, 0, element)
        if self.kind == "text":
            return struct.pack("!iiIii", 1, 0, element, n, 1) + _texts(self.values)
        items = np.empty(n, dtype=_ELEMENTS[self.kind])
        if self.kind == "bigint":
            items["size"], items["value"] = 8, self.values
        else:
            items["size"], items["block"], items["offset"] = 6, self.values >> 16, self.values & 65535
        return struct.pack("!iiIii", 1, 0, element, n, 1) + items.tobytes()

    def text(self) -> str:
        if self.kind == "text":
            return "{" + ",".join(f'"{v}"' for v in self.values) + "}"
        values = self.values.tolist()
        if self.kind == "bigint":
            return "{" + ",".join(map(str, values)) + "}"
        return "{" + ",".join(f'"({v >> 16},{v & 65535})"' for v in values) + "}"


def _texts(texts: list[str]) -> bytes:
    """The elements of a binary text array: each its length, then its bytes."""
    data = np.frombuffer("".join(texts).encode(), dtype=np.uint8)
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    if len(data) != sizes.sum():  # not all ASCII: lengths in bytes, one by one
        return b"".join(struct.pack("!i", len(b)) + b for b in (t.encode() for t in texts))
    out = np.empty(len(data) + 4 * len(texts), dtype=np.uint8)
    starts = np.cumsum(sizes + 4) - sizes - 4
    out[starts[:, None] + np.arange(4)] = sizes.astype(">i4").view(np.uint8).reshape(-1, 4)
    body = np.ones(len(out), dtype=bool)
    body[starts[:, None] + np.arange(4)] = False
    out[body] = data
    return out.tobytes()


class _Bigints(ArrayParam):
    __slots__ = ()


class _Addresses(ArrayParam):
    __slots__ = ()


class _Texts(ArrayParam):
    __slots__ = ()


_CLASSES = {"bigint": _Bigints, "address": _Addresses, "text": _Texts}


def array_param(values, kind: str) -> ArrayParam:
    return _CLASSES[kind](values, kind)


class _BigintsDumper(Dumper):
    format = Format.BINARY
    oid = _OIDS["bigint"][1]

    def dump(self, obj: ArrayParam) -> bytes:
        return obj.binary()


class _AddressesDumper(_BigintsDumper):
    oid = _OIDS["address"][1]


class _TextsDumper(_BigintsDumper):
    oid = _OIDS["text"][1]


def bind_binary(adapters) -> None:
    """Let a psycopg connection's `adapters` send ArrayParams in binary."""
    adapters.register_dumper(_Bigints, _BigintsDumper)
    adapters.register_dumper(_Addresses, _AddressesDumper)
    adapters.register_dumper(_Texts, _TextsDumper)


def inlined(params):
    """The parameters with every ArrayParam as its text, for a statement
    bound in the client."""
    if not params or not any(isinstance(p, ArrayParam) for p in params):
        return params
    return [p.text() if isinstance(p, ArrayParam) else p for p in params]
