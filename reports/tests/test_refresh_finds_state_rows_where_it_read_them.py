"""A refresh rewrites its people's state rows where it read them (by
ctid, without the primary key's index); a row no longer there is found by
its id, and the state is what a rebuild keeps either way."""

import pytest
from django.conf import settings

from reports import aggregation
from reports.models import CoverageSubject
from reports.tests.refresh_helpers import YEAR, weighed_twice

pytestmark = pytest.mark.skipif(not settings.IS_POSTGRES, reason="a row's place on disk is PostgreSQL's ctid")


def state():
    return sorted(CoverageSubject.objects.values_list("id", "year", "patient_id", "posyandu_id", "months", "digest"))


def updates(monkeypatch):
    """The state UPDATE statements run, by how they find rows, with the rows each changed."""
    seen = []
    run = aggregation._run

    def spy(sql, params=()):
        result = run(sql, params)
        if sql.startswith("UPDATE") and "coveragesubject" in sql:
            seen.append(("ctid" if "s.ctid = u.tid" in sql else "id", len(result)))
        return result

    monkeypatch.setattr(aggregation, "_run", spy)
    return seen


def test_the_rows_are_rewritten_where_they_were_read(record, network, monkeypatch):
    weighed_twice(record, network)
    seen = updates(monkeypatch)

    aggregation.refresh()

    assert seen == [("ctid", 3)]
    refreshed = state()
    aggregation.rebuild("36.01", YEAR)
    assert state() == refreshed


def test_a_row_no_longer_where_it_was_read_is_found_by_its_id(record, network, monkeypatch):
    weighed_twice(record, network)
    read = aggregation._stored_subjects

    def moved(*args):
        stored, before, old = read(*args)
        stored["tid"] = ["(0,1)"] * len(stored["tid"])  # as if a VACUUM FULL had moved them
        return stored, before, old

    monkeypatch.setattr(aggregation, "_stored_subjects", moved)
    seen = updates(monkeypatch)

    aggregation.refresh()

    assert seen == [("ctid", 0), ("id", 0)]  # the second UPDATE returns no rows; it changes three
    refreshed = state()
    aggregation.rebuild("36.01", YEAR)
    assert state() == refreshed
    assert len(refreshed) == 3 and all(";4:" in row[4] for row in refreshed)  # April, for each child
