"""Where sources disagree, in Chromium: the timeline's "sources differ" filter swaps in
place and works without JavaScript, the back button undoes it, the mark leads to the
event page's conflicting quotes, and axe finds nothing on either."""

import re

import pytest
from playwright.sync_api import Page, expect

from events.models import Event, Source
from tests.factories import make_claim
from tests.tools import axe_violations

DISPUTED = "putin-visit-india-summit-2021"


@pytest.fixture
def disputed(site):
    """The curated planned visit, given a second source's claim that it occurred."""
    event = Event.objects.get(slug=DISPUTED)
    event.claims.update(status="planned")
    other = Source.objects.exclude(pk=event.claims.first().source_id).first()
    make_claim(other, quote=other.text[:40], event=event, status="occurred")
    return site


def test_the_disputed_filter_swaps_in_place_and_back_restores(page: Page, disputed):
    page.goto(disputed + "/")
    expect(page.locator("#results .event")).to_have_count(14)
    page.evaluate("window.loadedOnce = true")

    page.check("#filter-disputed")

    expect(page).to_have_url(re.compile(r"disputed=1"))
    expect(page.locator("#results .event")).to_have_count(1)
    assert page.evaluate("window.loadedOnce") is True
    page.go_back()
    expect(page.locator("#results .event")).to_have_count(14)
    expect(page.locator("#filter-disputed")).not_to_be_checked()


def test_the_mark_leads_to_the_conflicting_quotes(page: Page, disputed):
    page.goto(disputed + "/?disputed=1")
    page.click("#results .dispute-flag")
    expect(page).to_have_url(re.compile(rf"/events/{DISPUTED}/#disputes"))
    section = page.locator("#disputes")
    expect(section.get_by_role("heading", name="Sources differ")).to_be_visible()
    # One disagreement: the report that it happened beside every claim that it was planned.
    expect(section.locator(".conflict")).to_have_count(1)
    expect(section.locator(".conflict-side")).to_have_count(2)
    expect(section.locator(".conflict-side").first.locator("figure.claim")).to_have_count(1)
    planned = section.locator(".conflict-side").nth(1).locator("figure.claim")
    assert planned.count() >= 2
    expect(section).to_contain_text("Implies: occurred")


def test_without_javascript_the_disputed_filter_still_works(browser, disputed):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(disputed + "/")
    page.check("#filter-disputed")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"disputed=1"))
    expect(page.locator("#results .event")).to_have_count(1)
    context.close()


def test_disputed_views_have_no_accessibility_violations(browser, disputed):
    assert axe_violations(browser, disputed, ["/?disputed=1", f"/events/{DISPUTED}/"]) == {}
