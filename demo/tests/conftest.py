import pytest

from facilities.tests.factories import import_real_provinces


@pytest.fixture
def real_regions(db, tmp_path):
    """The real regions of Banten (36) and Riau (14), from the shipped decree file."""
    import_real_provinces(tmp_path, "36", "14")


@pytest.fixture
def stock_today():
    # A fixed day, as for the demo visits: the draws follow the dates.
    from datetime import date

    return date(2026, 11, 25)


@pytest.fixture
def stocked_year(network, stock_today):
    """800 demo people of district 36.01 (two Puskesmas, one Pustu, three
    Posyandu), their year of visits and the stock those visits drew."""
    from django.db import connection

    from demo.people import build_people
    from demo.stock import build_stock
    from demo.visits import build_visits

    build_people("36.01", 800, seed=3, today=stock_today)
    build_visits("36.01", seed=3, today=stock_today)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return build_stock("36.01", seed=3, today=stock_today)
