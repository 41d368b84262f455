"""The commitments page in Chromium: htmx swaps, history, life without JavaScript, and
accessibility."""

import re

from playwright.sync_api import Page, expect

from tests.tools import axe_violations

URL = "/commitments/"


def entries(page: Page):
    return page.locator("#results .commitment")


def test_filtering_by_state_swaps_results_and_url_without_reload(page: Page, site):
    page.goto(site + URL)
    expect(entries(page)).to_have_count(4)
    page.evaluate("window.loadedOnce = true")

    page.check("#f-state-cancelled")
    expect(page).to_have_url(re.compile(r"[?&]state=cancelled"))
    expect(entries(page)).to_have_count(1)
    expect(entries(page).first).to_contain_text("Annual India–Russia summit could not take place")
    expect(page.locator("#f-state-cancelled")).to_be_checked()

    page.fill("#filter-from", "2021-05")
    page.press("#filter-from", "Tab")
    expect(page).to_have_url(re.compile(r"from=2021-05"))
    expect(entries(page)).to_have_count(0)
    page.uncheck("#f-state-cancelled")
    expect(entries(page)).to_have_count(2)
    assert page.evaluate("window.loadedOnce") is True  # same document: swapped, not reloaded


def test_back_button_restores_the_previous_view(page: Page, site):
    page.goto(site + URL)
    page.check("#f-state-overdue")
    expect(entries(page)).to_have_count(3)
    page.check("#f-actor-vladimir-putin")
    expect(entries(page)).to_have_count(1)

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"actor="))
    expect(entries(page)).to_have_count(3)
    expect(page.locator("#f-state-overdue")).to_be_checked()
    page.go_back()
    expect(entries(page)).to_have_count(4)


def test_invalid_input_shows_which_parameter_in_place(page: Page, site):
    page.goto(site + URL)
    page.fill("#filter-to", "2021-13")
    page.press("#filter-to", "Tab")
    expect(page.locator("#results .errors")).to_contain_text("to")
    expect(page.locator("#results .errors")).to_contain_text("“2021-13” is not a real date")


def test_without_javascript_the_form_still_filters(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + URL)
    page.check("#f-state-overdue")
    page.fill("#filter-from", "2021-05")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"state=overdue"))
    expect(entries(page)).to_have_count(2)
    expect(page.locator("#f-state-overdue")).to_be_checked()
    context.close()


def test_nothing_is_wider_than_a_phone_s_screen(browser, site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site + URL)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    context.close()


def test_pages_have_no_accessibility_violations(browser, site):
    assert (
        axe_violations(
            browser,
            site,
            [URL, URL + "?state=overdue&actor=vladimir-putin&from=2021", URL + "?from=2021-13"],
        )
        == {}
    )
