"""A pair's relation page in Chromium: the picker on /actors/ with and without JavaScript, a
bar's link to the narrowed timeline and back, and accessibility."""

import re

from playwright.sync_api import Page, expect

from tests.tools import axe_violations

URL = "/relations/india/russia/"


def pick(page: Page, first: str, second: str) -> None:
    page.select_option("#pair-a", first)
    page.select_option("#pair-b", second)
    page.click("#pair-picker button[type=submit]")


def test_the_picker_reaches_the_pairs_page(page: Page, site):
    page.goto(site + "/actors/")
    pick(page, "india", "russia")
    expect(page).to_have_url(re.compile(r"/relations/india/russia/$"))
    expect(page.locator("h1")).to_have_text("India and Russia")
    expect(page.locator(".relation-svg a.segment").first).to_be_visible()


def test_without_javascript_the_picker_still_works(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/actors/")
    pick(page, "narendra-modi", "vladimir-putin")
    expect(page).to_have_url(re.compile(r"/relations/narendra-modi/vladimir-putin/$"))
    expect(page.locator("h1")).to_have_text("Narendra Modi and Vladimir Putin")
    context.close()


def test_a_bar_leads_to_the_narrowed_timeline_and_back(page: Page, site):
    page.goto(site + URL)
    segment = page.locator(".relation-svg a.segment.q-material-cooperation").first
    label = segment.locator("title").text_content()
    period, counted = re.match(r"(.+): (\d+) events? of material cooperation", label).groups()
    segment.click()

    expect(page).to_have_url(re.compile(r"/\?actor=india&with=russia&type=COOPERATE"))
    expect(page.locator("#results .event")).to_have_count(int(counted))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/relations/india/russia/$"))
    expect(page.locator(".relation-svg title").first).to_be_attached()
    assert period in page.locator(".relation-table").text_content()


def test_the_pair_page_has_no_accessibility_violations(browser, site):
    assert (
        axe_violations(
            browser,
            site,
            [URL, "/relations/narendra-modi/vladimir-putin/", "/relations/?a=india&b=india"],
        )
        == {}
    )


def test_the_pair_page_fits_a_phone(browser, site):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(site + URL)
    widest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('main *')]"
        ".map(e => e.closest('.table-scroll') ? 0 : e.getBoundingClientRect().right))"
    )
    assert widest <= 320
    context.close()
