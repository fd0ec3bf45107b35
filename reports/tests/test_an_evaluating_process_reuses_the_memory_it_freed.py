"""A process that has evaluated keeps the memory its runs free, so that its
next run does not touch all its pages for the first time again: on virtual
machines those first-touch page faults were most of a rebuild's kernel
time (reports/engine/plumbing/memory.py)."""

import platform
import resource

import numpy as np
import pytest

from reports import engine

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the setting is glibc's")

BLOCK = 64 * 2**20  # larger than any block glibc would keep by itself


def _page_faults_to_fill_a_block() -> int:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    block = np.ones(BLOCK, dtype=np.uint8)
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    del block
    return faults


def test_after_a_rebuild_a_large_block_freed_is_filled_again_without_new_pages(db, network):
    engine.rebuild("36.01")
    _page_faults_to_fill_a_block()  # may need new pages
    assert _page_faults_to_fill_a_block() < BLOCK // resource.getpagesize() // 10
