"""Hostile form values: Unicode and control characters (NUL included), huge,
negative and non-finite numbers, far dates, garbage, repeated fields."""

from datetime import date

from hypothesis import strategies as st

CONTROL = "".join(chr(c) for c in range(0, 32)) + "\x7f"
nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet=CONTROL + "abc ", max_size=20),
    st.sampled_from(
        ["\x00", "a\x00b", "", " ", "<script>alert(1)</script>", "' OR 1=1 --", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "٣٤٥", "ß" * 200]
    ),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["NaN", "-nan", "Infinity", "-Infinity", "1e309", "-0", "0x10", "1,5", "9" * 40, "1_000", "٣"]),
)
dates = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.sampled_from(["0000-00-00", "2026-02-30", "31-12-2025", "99999-01-01", "-2025-01-01", "2025-13-01", "today"]),
)
anything = st.one_of(nasty_text, numbers, dates)


def value(strategy=anything):
    """A single value or the field repeated (a list posts the key twice)."""
    return st.one_of(strategy, st.lists(strategy, min_size=2, max_size=3))


def form(**fields):
    """Every field optional (missing fields), each hostile or plausible."""
    return st.fixed_dictionaries({}, optional={name: value(s) for name, s in fields.items()})
