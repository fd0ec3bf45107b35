from datetime import date

import lxml.html
import pytest

from .factories import Items

# A month well in the past, and the one after it.
MONTH = date(2025, 3, 10)
NEXT_MONTH = date(2025, 4, 10)


def query(day: date) -> str:
    return f"?tahun={day.year}&bulan={day.month}"


@pytest.fixture
def make_items(network):
    items = Items()
    return lambda posyandu, day=MONTH: items(posyandu, day)


@pytest.fixture
def home(network):
    return network["36.01"]


def listed(html: str) -> set[tuple[str, int]]:
    """(kind, object id) of every item card on a review page."""
    tree = lxml.html.fromstring(html)
    return {(card.get("data-kind"), int(card.get("data-id")))
            for card in tree.xpath("//article[contains(@class, 'quality-item')]")}
