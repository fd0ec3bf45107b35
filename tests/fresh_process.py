"""What a process does once, at its start or on its first request or task,
seen from a new Python process (a test's own process has done it already),
on an empty in-memory database."""

import os
import subprocess
import sys


def printed(code: str) -> list[str]:
    """The words the code prints, run in a new process."""
    env = {**os.environ, "DATABASE_URL": "sqlite://:memory:"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=env).stdout.split()


class Cycle:
    """Garbage that only the cycle collector frees."""

    def __init__(self):
        self.me = self
