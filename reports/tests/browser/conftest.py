"""The project's browser fixtures (tests/browser): Debian's Chromium through
Playwright, skipped where it is missing, and the reference rows put back
for each test."""

from reports.tests.people.conftest import village  # noqa: F401
from tests.browser.conftest import browser, log_in, reference_data  # noqa: F401
