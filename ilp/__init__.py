import os

# No transparent hugepages for NumPy's large arrays: where the kernel compacts
# memory on first touch, the fold's page faults cost more than they save
# (decision 18). Read at NumPy's import; the environment may say otherwise.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

from .celery import app as celery_app  # noqa: E402

__all__ = ("celery_app",)
