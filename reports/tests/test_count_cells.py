"""Cells are counted in bins where the Posyandu ids are dense enough, and by
sorting where they are not; both give what sorting every key gives."""

import numpy as np
import pytest

from reports.engine.keys import cell_key, count_cells


@pytest.mark.parametrize("largest_posyandu", [3_000, 1 << 27], ids=["dense ids, in bins", "sparse ids, sorted"])
def test_cells_are_counted_as_sorting_every_key_would(largest_posyandu):
    rng = np.random.default_rng(5)
    n = 20_000
    keys = cell_key(rng.integers(1, 40, n) * (largest_posyandu // 40), rng.integers(2023, 2027, n),
                    rng.integers(1, 13, n), rng.integers(0, 40, n))

    cells, counts = count_cells(keys)

    expected_cells, expected_counts = np.unique(keys, return_counts=True)
    assert np.array_equal(cells, expected_cells) and np.array_equal(counts, expected_counts)
    assert counts.sum() == n and len(cells) < n


def test_no_keys_count_no_cells():
    cells, counts = count_cells(np.zeros(0, dtype=np.int64))
    assert len(cells) == 0 and len(counts) == 0
