"""A refresh reads the month's facts in parts (groups of the Posyandu it
touches) that its two connections take in turns: each part is read once, by
whichever is free."""

import threading
import time

from reports import aggregation


def test_every_part_is_read_once_by_one_of_the_callers():
    seen = []
    both_reading = threading.Barrier(2, timeout=10)

    def read(part):
        name = threading.current_thread().name
        if name not in {n for n, _part in seen}:
            seen.append((name, part))
            both_reading.wait()  # each caller's first part is read while the other reads its own
        else:
            seen.append((name, part))
        time.sleep(0.001)
        return part * 10

    take = aggregation._in_turns([1, 2, 3, 4, 5, 6], read)
    results = {}
    threads = [threading.Thread(target=lambda name=name: results.__setitem__(name, take()), name=name)
               for name in ("here", "there")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(part for _name, part in seen) == [1, 2, 3, 4, 5, 6]
    assert sorted(results["here"] + results["there"]) == [10, 20, 30, 40, 50, 60]
    assert {name for name, _part in seen} == {"here", "there"}
    assert take() == []


def test_the_parts_hold_every_posyandu_once_and_none_is_empty():
    many = list(range(100, 1800, 3))
    parts = aggregation._posyandu_parts(many)

    assert len(parts) == aggregation.FACT_PARTS
    assert sorted(p for part in parts for p in part) == many
    assert aggregation._posyandu_parts([7, 9]) == [[7], [9]]
    assert aggregation._posyandu_parts([]) == []
