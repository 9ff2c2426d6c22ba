"""The page's cost line with a studio budget: what is left this month, in plain words, and when it is not enough."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import start_studio

pytestmark = pytest.mark.slow  # a real studio in Chromium: ./test.sh runs it, plain pytest skips it


@pytest.fixture(scope="module")
def budget_studio(tmp_path_factory):
    """The local engine priced like a paid provider ($0.10 a second), with a $1.00 monthly budget."""
    running = start_studio(tmp_path_factory, "budget", MONTHLY_BUDGET="1", PRICE_PER_SECOND="0.1")
    yield running
    running.process.stop()


def test_the_estimate_says_what_is_left_of_the_monthly_budget(budget_studio, page_and_console):
    page, _ = page_and_console
    page.goto(budget_studio.url + "/")
    estimate = page.locator("[data-estimate]")
    expect(estimate).to_contain_text("≈ $0.80")  # one 8 s shot
    line = estimate.locator("[data-budget]")
    expect(line).to_have_text("$1.00 left of this month's $1.00 studio budget")
    expect(line).not_to_have_class("estimate-budget over")
    page.locator('[data-action="add-shot"]').click()
    expect(estimate).to_contain_text("≈ $1.60")
    expect(line).to_have_text("Over budget: only $1.00 is left of this month's $1.00 studio budget")
    expect(line).to_have_class("estimate-budget over")
