import os

# NumPy asks the kernel for transparent hugepages for every array of 4 MB or
# more. Where the kernel then compacts memory on each first touch (THP defrag
# "madvise", as on our VMs), a district's fold spent a third of its time in
# page faults: 1.49 s with hugepages, 0.96 s without (decision 12). Read at
# NumPy's import, so set before anything imports it; the environment can
# still say otherwise.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

from .celery import app as celery_app  # noqa: E402

__all__ = ("celery_app",)
