import pytest

from .helpers import make_target


@pytest.fixture
def registry(people):
    """Registered residents of 36.01: two in desa 36.01.01.2002 (the Pustu's
    Posyandu) and one in 36.01.02.2002."""
    return people


@pytest.fixture
def desa_targets(network):
    """Balita targets of four desa of 36.01: 10, 20 and 30 in kecamatan .01, 5 in .02."""
    for code, number in {"36.01.01.2001": 10, "36.01.01.2002": 20, "36.01.01.2003": 30, "36.01.02.2001": 5}.items():
        make_target(code, number)
    return network
