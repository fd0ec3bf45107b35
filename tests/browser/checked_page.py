"""What a page builder returns: whom to sign in as, the address to open and
the status it must answer. Its own module so that pages.py and the pages_*.py
modules whose builders it lists can all import it (no import cycle)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckedPage:
    user: str  # key in the `cast` fixture
    path: str
    status: int = 200
