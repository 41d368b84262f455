"""The timeline in Chromium: htmx swaps, history, quote links, and life without JavaScript."""

import re

from playwright.sync_api import Page, expect

from events.models import Claim
from tests.tools import axe_violations

ACTOR = "#f-actor-narendra-modi"


def event_titles(page: Page) -> list[str]:
    return page.locator("#results .event-title").all_inner_texts()


def test_filtering_by_actor_and_date_swaps_results_and_url_without_reload(page: Page, site):
    page.goto(site + "/")
    expect(page.locator("#results .event")).to_have_count(14)
    page.evaluate("window.loadedOnce = true")

    page.check(ACTOR)
    expect(page).to_have_url(re.compile(r"[?&]actor=narendra-modi"))
    expect(page.locator("#results .event")).to_have_count(6)
    expect(page.locator(ACTOR)).to_be_checked()

    page.fill("#filter-from", "2021-05")
    page.press("#filter-from", "Tab")  # a change event, as a person leaving the box makes
    expect(page).to_have_url(re.compile(r"from=2021-05"))
    expect(page.locator("#results .event")).to_have_count(1)
    assert event_titles(page) == ["Putin to visit India for the annual bilateral summit"]
    assert page.evaluate("window.loadedOnce") is True  # same document: swapped, not reloaded


def test_search_box_waits_for_typing_to_pause(page: Page, site):
    page.goto(site + "/")
    requests = []
    page.on(
        "request", lambda request: requests.append(request.url) if "q=" in request.url else None
    )
    page.locator("#filter-q").press_sequentially("vladivostok", delay=30)
    expect(page).to_have_url(re.compile(r"q=vladivostok"))
    expect(page.locator("#results .event")).to_have_count(1)
    assert len(requests) == 1, requests


def test_back_button_restores_the_previous_view(page: Page, site):
    page.goto(site + "/")
    page.check("#f-type-AGREE")
    expect(page.locator("#results .event")).to_have_count(2)
    page.check("#f-status-occurred")
    expect(page).to_have_url(re.compile(r"type=AGREE.*status=occurred|status=occurred.*type=AGREE"))

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"status="))
    expect(page.locator("#results .event")).to_have_count(2)
    expect(page.locator("#f-type-AGREE")).to_be_checked()
    page.go_back()
    expect(page.locator("#results .event")).to_have_count(14)


def test_invalid_input_shows_which_parameter_in_place(page: Page, site):
    page.goto(site + "/")
    page.fill("#filter-from", "2021-13")
    page.press("#filter-from", "Tab")
    expect(page.locator("#results .errors")).to_contain_text("from")
    expect(page.locator("#results .errors")).to_contain_text("“2021-13” is not a real date")


def test_a_quote_link_lands_on_the_highlighted_span(page: Page, site):
    page.goto(site + "/events/putin-visit-india-summit-2021/")
    link = page.locator(".claim a", has_text="see it in the text").first
    href = link.get_attribute("href")
    claim_id = int(re.search(r"#claim-(\d+)$", href).group(1))
    link.click()
    expect(page).to_have_url(re.compile(rf"/sources/[^/]+/#claim-{claim_id}$"))
    target = page.locator(f"mark.c-{claim_id}").first
    expect(target).to_have_class(re.compile(r"\bis-target\b"))
    expect(target).to_be_in_viewport()
    quote = Claim.objects.get(pk=claim_id).quote
    assert quote.startswith(target.inner_text())


def test_without_javascript_the_form_still_filters(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    page.check("#f-type-AGREE")
    page.fill("#filter-from", "2021")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"type=AGREE"))
    expect(page.locator("#results .event")).to_have_count(2)
    expect(page.locator("#f-type-AGREE")).to_be_checked()
    context.close()


def test_pages_have_no_accessibility_violations(browser, site):
    assert (
        axe_violations(
            browser,
            site,
            [
                "/",
                "/?actor=vladimir-putin&from=2021",
                "/?from=2021-13",
                "/events/modi-putin-phone-call-2021-04-28/",
                "/sources/india-russia-announce-2plus2-dialogue/",
                "/sources/",
                "/actors/",
                "/actors/narendra-modi/",
            ],
        )
        == {}
    )
