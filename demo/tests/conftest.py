import pytest

from facilities.tests.factories import import_real_provinces


@pytest.fixture
def real_regions(db, tmp_path):
    """The real regions of Banten (36) and Riau (14), from the shipped decree file."""
    import_real_provinces(tmp_path, "36", "14")
