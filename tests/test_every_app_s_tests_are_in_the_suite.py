"""Every folder of the project that holds tests is one the suite runs:
pytest.ini's testpaths name it (the tests of four apps once ran nowhere,
neither in scripts/test nor in CI)."""

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_folder_with_tests_is_in_the_suites_testpaths():
    config = configparser.ConfigParser()
    config.read(ROOT / "pytest.ini")
    run = set(config["pytest"]["testpaths"].split())
    with_tests = sorted(folder.name for folder in ROOT.iterdir()
                        if folder.is_dir() and not folder.name.startswith(".") and folder.name != "node_modules"
                        and any(folder.rglob("test_*.py")))
    assert "reports" in with_tests and "igd" in with_tests
    assert [folder for folder in with_tests if folder not in run] == []
