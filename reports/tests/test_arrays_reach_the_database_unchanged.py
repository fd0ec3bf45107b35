"""The engine passes thousands of values as one array parameter. A statement
sent apart from its text (`send`) binds them in PostgreSQL's binary form; one
run through Django's cursor (`run`) inlines them. Either way, and on either
database, the rows the server sees are the values given."""

import pytest

from reports.engine.plumbing import run, send, unnest

BIG = 2 ** 62 + 12345
COLUMNS = [
    ("n", "bigint", [BIG, -BIG, 0, 7]),
    ("code", "text", ["K1", "", "BALITA_D", "ĕ-é"]),
    ("months", "text", ["0A1", "", "zz_-Q", "9"]),
    ("day", "bigint", [20089, 1, -1, 3]),
]


def _select(columns):
    relation, params = unnest("u", columns)
    names = ", ".join(name for name, _kind, _values in columns)
    return f"SELECT {names} FROM {relation}", params


def _rows(rows):
    return sorted(tuple(row) for row in rows)


@pytest.mark.django_db
def test_bigints_and_texts_reach_the_database_unchanged_whichever_way_they_are_bound():
    sql, params = _select(COLUMNS)
    expected = sorted(zip(*(values for _name, _kind, values in COLUMNS), strict=True))

    assert _rows(run(sql, params)) == expected
    assert _rows(send(sql, params, returning=True)()) == expected


@pytest.mark.django_db
def test_empty_arrays_give_no_rows_whichever_way_they_are_bound():
    sql, params = _select([(name, kind, []) for name, kind, _values in COLUMNS])

    assert run(sql, params) == []
    assert send(sql, params, returning=True)() == []
