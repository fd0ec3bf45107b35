"""A read into arrays may carry one text column (a refresh reads its
people's person-months so): the texts come back joined in the order of
the numbers' rows, whichever way the database sends them."""

import pytest

from reports.engine.plumbing import read_arrays

ROWS = ("SELECT 3 AS n, 'abc' AS t UNION ALL SELECT 1, '' UNION ALL SELECT 2, 'Zz-_9' "
        "UNION ALL SELECT 4, 'q'")
QUERY = "SELECT CAST(n AS bigint) AS n, CAST(length(t) AS bigint) AS size, t FROM ({}) x"


def _texts(out: dict) -> list[tuple[int, str]]:
    ends = out["size"].cumsum().tolist()
    starts = [end - size for end, size in zip(ends, out["size"].tolist(), strict=True)]
    return [(n, out["t"][a:b]) for n, a, b in zip(out["n"].tolist(), starts, ends, strict=True)]


@pytest.mark.django_db
def test_each_rows_text_is_where_its_length_says():
    out = read_arrays(QUERY.format(ROWS), [], ["n", "size"], text="t")

    assert sorted(_texts(out)) == [(1, ""), (2, "Zz-_9"), (3, "abc"), (4, "q")]


@pytest.mark.django_db
def test_packed_numbers_keep_their_texts():
    out = read_arrays(QUERY.format(ROWS), [], ["n", "size"], narrow=("n", "size"), text="t")

    assert sorted(_texts(out)) == [(1, ""), (2, "Zz-_9"), (3, "abc"), (4, "q")]


@pytest.mark.django_db
def test_no_rows_read_as_no_numbers_and_no_text():
    out = read_arrays(QUERY.format(f"SELECT * FROM ({ROWS}) r WHERE n > 10"), [], ["n", "size"], text="t")

    assert (out["n"].tolist(), out["size"].tolist(), out["t"]) == ([], [], "")
