"""The WHO tables are unchanged copies, read completely, and the LMS formula
on them."""

import hashlib
import math

import pytest

from clusters import who_tables as w

SHA256 = {
    "acanthro.txt": "1b588802bc66534abb42ead27fe6f8e8d62b26967d764eecf16d0f4a8660a7bd",
    "bmianthro.txt": "78a4364e99303114fb2c458d28d64c6d10ac33832a5d5b2d437bc5cea1c93a0d",
    "hcanthro.txt": "e794e46f06b91223ad2c6435148dc08794a1d75b67613a652c3151201a98bf7c",
    "lenanthro.txt": "709f7a11881451daf7820f022d363d5bdb93746b5361d6bd9218af6ff838e0c2",
    "weianthro.txt": "bc15a6a623dd1d5beaeed1497666332aa54bc4ccd15ff9658c487d79694ab77b",
    "wfhanthro.txt": "0050d31041c2f7d4f8a34f27e8066fd73a24806835b9e4a0de1a7ee46d54d582",
    "wflanthro.txt": "ad470cf41b147bd2a16026e57fd17968df7bf746b9f0bf2ff85df95239643778",
}


@pytest.mark.parametrize("name", sorted(SHA256))
def test_the_who_tables_are_unchanged_copies(name):
    assert hashlib.sha256((w.DATA_DIR / name).read_bytes()).hexdigest() == SHA256[name]


def test_tables_are_parsed_once_and_complete():
    assert len(w.lms_table("weianthro")) == 2 * 1827  # days 0..1826, both sexes
    assert len(w.lms_table("acanthro")) == 2 * 1736  # days 91..1826
    assert len(w.lms_table("wflanthro")) == 2 * 651  # 45.0..110.0 by 0.1
    assert len(w.lms_table("wfhanthro")) == 2 * 551  # 65.0..120.0 by 0.1
    assert w.lms_table("weianthro") is w.lms_table("weianthro")
    assert w.lms_table("wflanthro")[(1, 703)] == w.LMS(-0.3521, 8.4906, 0.08232)


def test_lms_with_l_zero_uses_the_logarithm():
    assert w.z_score(math.e * 10, w.LMS(0, 10, 0.5)) == pytest.approx(2.0)
