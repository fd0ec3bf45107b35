"""A refresh sends its writes without waiting for each (PostgreSQL's
pipeline): statements still take effect in the order sent, a follow-up
sees what every statement of its block wrote, a failure is a database
error that leaves nothing written, and SQLite keeps the same order."""

import pytest
from django.db import DatabaseError, transaction

from reports.engine.plumbing import afterwards, overlapped, run, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def numbers():
    run("CREATE TEMP TABLE overlap_numbers (n integer NOT NULL)")
    yield
    run("DROP TABLE overlap_numbers")


def _all() -> list[int]:
    return sorted(n for (n,) in run("SELECT n FROM overlap_numbers"))


def test_a_follow_up_sees_every_statement_of_its_block(numbers):
    seen = []
    with overlapped():
        send("INSERT INTO overlap_numbers (n) VALUES (1), (2)")
        afterwards(lambda: seen.append(_all()))
        send("INSERT INTO overlap_numbers (n) VALUES (3)")
        assert seen == []  # not yet: the block is still open
    assert seen == [[1, 2, 3]]


def test_rows_returned_by_a_sent_statement_reach_its_follow_up(numbers):
    run("INSERT INTO overlap_numbers (n) VALUES (1), (2), (3)")
    got = []
    with overlapped():
        changed = send("UPDATE overlap_numbers SET n = n * 10 WHERE n >= 2 RETURNING n", returning=True)
        afterwards(lambda: got.extend(sorted(n for (n,) in changed())))
    assert got == [20, 30]
    assert _all() == [1, 20, 30]


def test_a_read_inside_the_block_sees_what_was_sent_before_it(numbers):
    with overlapped():
        send("INSERT INTO overlap_numbers (n) VALUES (7)")
        assert run("SELECT count(*) FROM overlap_numbers") == [(1,)]


def test_follow_ups_run_in_the_order_given(numbers):
    order = []
    with overlapped():
        afterwards(lambda: order.append("first"))
        afterwards(lambda: (order.append("second"), afterwards(lambda: order.append("at once"))))
    assert order == ["first", "second", "at once"]


def test_outside_a_block_a_follow_up_runs_at_once(numbers):
    send("INSERT INTO overlap_numbers (n) VALUES (5)")
    seen = []
    afterwards(lambda: seen.append(_all()))
    assert seen == [[5]]


def test_a_failing_statement_is_a_database_error_and_leaves_nothing_written(numbers):
    ran = []
    with pytest.raises(DatabaseError):
        with transaction.atomic(), overlapped():
            send("INSERT INTO overlap_numbers (n) VALUES (1)")
            send("INSERT INTO overlap_numbers (n) VALUES (NULL)")  # NOT NULL
            send("INSERT INTO overlap_numbers (n) VALUES (2)")
            afterwards(lambda: ran.append(True))
    assert ran == []
    assert _all() == []
