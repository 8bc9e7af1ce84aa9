"""Every page at 1280 px in Chromium under the strict CSP: no serious axe finding, no script error
or CSP violation, no request off loopback (375 px: test_browser.py, run beside this file)."""
from __future__ import annotations

import pytest

from pagecheck import DESKTOP, page_reports_at
from pagecheck import (test_no_page_breaks_the_content_security_policy_or_has_a_script_error,  # noqa: F401
                       test_every_page_with_region_panels_had_them_checked,
                       test_no_page_has_a_serious_or_critical_axe_finding, test_no_request_leaves_loopback,
                       test_the_site_has_pages_to_check)


@pytest.fixture(scope="module")
def page_reports(site, served, browser):
    return page_reports_at(site, served, browser, "1280", DESKTOP)
