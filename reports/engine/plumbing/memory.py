"""Freed memory kept by a process that evaluates, for its next run.

A rebuild at a million people folds about a gigabyte of arrays. glibc
hands arrays that large back to the kernel as soon as they are freed
(mmap), so every rebuild touched all its memory for the first time again:
on virtual machines those first-touch page faults cost the rebuild more
kernel time than its own arithmetic (docs/benchmarks.md, twelfth session).
Once a process evaluates, allocations come from its heap and the heap is
not trimmed: a worker's later runs reuse the pages its earlier runs
touched. Its size stays at the largest run's (about a gigabyte for a
district of a million people). Elsewhere than glibc nothing changes."""

import ctypes
import functools

# mallopt(3) parameters.
M_TRIM_THRESHOLD = -1
M_MMAP_MAX = -4


@functools.cache  # once per process
def keep_freed_memory() -> bool:
    """From now on, keep freed memory in this process. Returns whether the
    C library took the settings."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own C library
    except (OSError, AttributeError, TypeError):  # not glibc (macOS, Windows)
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    # No mmap for large blocks (they come from the heap), and a heap never
    # trimmed back to the kernel.
    return bool(mallopt(M_MMAP_MAX, 0)) and bool(mallopt(M_TRIM_THRESHOLD, 2**31 - 1))
