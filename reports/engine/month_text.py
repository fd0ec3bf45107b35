"""The stored text of a subject's person-months (CoverageSubject.months):
each person-month a fixed number of base-64 digits per column (month,
flags, the counts, the picked days), most significant first, with nothing
between them. Written and read for thousands of subjects at once, as one
array of digits: formatting decimal numbers was the largest piece of the
Python a refresh ran before its first write."""

import numpy as np

from .kinds import Kind

# No tab or backslash (the rows are COPY text) and no ":" or ";" (the
# decimal text of earlier state versions).
_DIGITS = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", dtype=np.uint8)
_VALUES = np.zeros(256, dtype=np.uint8)
_VALUES[_DIGITS] = np.arange(64, dtype=np.uint8)
# A month's events of one indicator beyond this are kept as this many: an
# n-th event indicator asks for a handful.
COUNT_CAP = 64 ** 2 - 1


def widths(kind: Kind) -> list[int]:
    """Digits per column of the kind's person-months: the month, the flags
    (as many as the kind's bits need), two per count, one per picked day."""
    flag_bits = max(kind.bits.values(), default=1).bit_length()
    return [1, -(-flag_bits // 6)] + [2] * len(kind.counts) + [1] * len(kind.picks)


def encode(kind: Kind, numbers: np.ndarray, sizes: np.ndarray) -> list[str]:
    """The texts of subjects whose person-months are the rows of `numbers`
    (columns as `widths`), `sizes[k]` rows for subject k, in order."""
    digits = widths(kind)
    assert numbers.min(initial=0) >= 0 and (numbers[:, 1] >> (6 * digits[1])).max(initial=0) == 0, \
        "person-month values out of the stored range"
    counts = range(2, 2 + len(kind.counts))
    # Digit by digit into one array of characters: small temporaries only.
    chars = np.empty((len(numbers), sum(digits)), dtype=np.uint8)
    at = 0
    for j, width in enumerate(digits):
        column = np.minimum(numbers[:, j], COUNT_CAP) if j in counts else numbers[:, j]
        for k in range(width):
            chars[:, at] = _DIGITS[(column >> (6 * (width - 1 - k))) & 63]
            at += 1
    text = chars.tobytes().decode("ascii")
    ends = np.cumsum(sizes) * at
    starts = ends - sizes * at
    return [text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]


def decode(kind: Kind, chars: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The person-months (rows of columns as `widths`) of the subjects
    whose texts are `chars` (their characters, one after another, as
    bytes), `lengths[k]` characters for subject k; and how many each has."""
    digits = widths(kind)
    width = sum(digits)
    sizes = lengths // width
    places = _VALUES[chars.reshape(-1, width)]
    numbers = np.empty((len(places), len(digits)), dtype=np.int64)
    at = 0
    for j, width in enumerate(digits):
        column = places[:, at].astype(np.int64)
        for k in range(at + 1, at + width):
            column = (column << 6) | places[:, k]
        numbers[:, j] = column
        at += width
    return numbers, sizes
