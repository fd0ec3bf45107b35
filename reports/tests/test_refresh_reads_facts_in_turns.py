"""A refresh reads the month's facts in parts that its two connections take
in turns: each part is read once, by whichever is free."""

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


def test_the_parts_are_ranges_of_indicators_that_hold_every_code_once():
    ranges = aggregation.FACT_PARTS
    codes = [i.code for i in aggregation.REGISTRY] + ["", "AAA", "zzz"]  # and codes no longer in the registry

    def holds(bounds, code):
        low, high = bounds
        return (low is None or code >= low) and (high is None or code < high)

    assert len(ranges) == 6
    assert all(sum(holds(bounds, code) for bounds in ranges) == 1 for code in codes)
    assert all(any(holds(bounds, i.code) for i in aggregation.REGISTRY) for bounds in ranges)
