"""A refresh writes the facts it moved to their cells: found where it read
them, or by their cell when they have moved on the disk since; a fact that
counts nothing any more is deleted, one never stored is inserted."""

from datetime import date

import numpy as np
import pytest
from django.db import connection

from reports import aggregation
from reports.evaluation import REGISTRY_INDEX, cell_key
from reports.models import CoverageFact
from reports.tests.factories import CoverageFactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facts(network):
    here, there = network["36.01"]["posyandu_pustu"], network["36.01"]["posyandu_pkm"]
    for posyandu in (here, there):
        for code in ("D", "N"):
            CoverageFactFactory(posyandu=posyandu, month=date(2026, 4, 1), indicator=code, numerator=5)
    return here, there


def moved(read, cells):
    """The moved dict of _moved_facts for (posyandu, code, numerator) cells,
    with where each was read (0: never stored)."""
    keys = np.array([cell_key(p, 2026, 4, REGISTRY_INDEX[code]) for p, code, _n in cells], dtype=np.int64)
    read_keys = cell_key(read["pos"], read["yr"], read["mo"], read["ind"])
    at = [np.flatnonzero(read_keys == k) for k in keys]
    return {"key": keys, "num": np.array([n for _p, _c, n in cells], dtype=np.int64),
            "den": np.full(len(cells), -1, dtype=np.int64),
            "stored": np.array([len(a) > 0 for a in at]),
            "tid": np.array([read["tid"][a[0]] if len(a) else 0 for a in at], dtype=np.int64)}


def numerators():
    return {(p, code): n for p, code, n in CoverageFact.objects.values_list("posyandu_id", "indicator", "numerator")}


def test_facts_are_updated_deleted_and_inserted_by_cell(facts):
    here, there = facts
    read = aggregation._stored_facts("36.01", None, where_found=True)

    aggregation._write_moved_facts(moved(read, [(here.pk, "D", 7), (here.pk, "N", 0), (there.pk, "BGM", 1)]),
                                   "36.01")

    assert numerators() == {(here.pk, "D"): 7, (there.pk, "D"): 5, (there.pk, "N"): 5, (there.pk, "BGM"): 1}


def test_facts_moved_on_the_disk_since_they_were_read_are_found_by_their_cell(facts):
    here, there = facts
    read = aggregation._stored_facts("36.01", None, where_found=True)
    with connection.cursor() as cursor:  # every row gets a new place (on PostgreSQL)
        cursor.execute(f"UPDATE {CoverageFact._meta.db_table} SET numerator = numerator")

    aggregation._write_moved_facts(moved(read, [(here.pk, "D", 8), (there.pk, "N", 9)]), "36.01")

    assert numerators() == {(here.pk, "D"): 8, (here.pk, "N"): 5, (there.pk, "D"): 5, (there.pk, "N"): 9}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="rows have a place only on PostgreSQL")
def test_stored_facts_say_where_they_lie(facts):
    read = aggregation._stored_facts("36.01", None, where_found=True)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT CAST(ctid AS text) FROM {CoverageFact._meta.db_table}")
        places = {text for (text,) in cursor.fetchall()}

    assert {f"({t >> 16},{t & 65535})" for t in read["tid"].tolist()} == places
    assert set(aggregation._stored_facts("36.01", None)["tid"].tolist()) == {0}
