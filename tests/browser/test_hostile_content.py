"""Hostile data in Chromium: no script from it runs, no dialog opens, the CSP is never
violated, and the hostile text is there to read."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from events.models import Event, Source
from tests.db.test_hostile_content import HOSTILE, build_hostile_dataset

PASSWORD = "a-long-superuser-passphrase"
JAVASCRIPT_URL = "javascript:alert(1)"

# Set before any page script runs: the hostile strings set window.__pwned or call alert(),
# and a CSP violation (a script or style the policy refused) is recorded too.
TRAP = """
window.__pwned = 0;
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
# Links whose URL, as the browser reads it, would run script or open a document.
RUNNABLE_LINKS = """() => [...document.querySelectorAll("a[href], area[href]")]
  .filter((link) => ["javascript:", "data:", "vbscript:"].includes(link.protocol))
  .map((link) => link.outerHTML)"""


class Watch:
    """What a page did that it must not: dialogs opened, scripts the CSP refused."""

    def __init__(self, page: Page):
        self.page = page
        self.dialogs: list[str] = []
        self.console: list[str] = []
        page.add_init_script(TRAP)
        page.on("dialog", self._dialog)
        page.on("console", self._console)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def assert_nothing_ran(self) -> None:
        page = self.page
        assert page.evaluate("window.__pwned") == 0, page.url
        assert page.evaluate("window.__violations") == [], page.url
        assert page.evaluate(RUNNABLE_LINKS) == [], page.url
        assert self.dialogs == [], page.url
        assert self.console == [], page.url


@pytest.fixture
def hostile_site(live_server, transactional_db):
    build_hostile_dataset()
    return live_server.url


def visible_as_text(within: Page | Locator, text: str) -> None:
    expect(within.get_by_text(text, exact=True).first).to_be_visible()


def test_timeline_and_its_swaps_run_nothing_from_the_data(page: Page, hostile_site):
    watch = Watch(page)
    page.goto(hostile_site + "/")
    expect(page.locator("#results .event")).to_have_count(len(HOSTILE))
    for text in ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7|add:1 }}"]:
        visible_as_text(page.locator("#results .event-title"), text)
    page.locator("#results .event-title a").first.hover()
    page.locator(".chart-svg .marks a").first.hover()
    watch.assert_nothing_ran()

    # htmx swaps the hostile results in place: still only text.
    page.check("#f-actor-hostile-actor-1")
    expect(page).to_have_url(re.compile(r"actor=hostile-actor-1"))
    expect(page.locator("#results .event")).to_have_count(2)
    visible_as_text(page.locator("#results"), "<script>window.__pwned=1</script>")
    page.fill("#filter-q", "<script>window.__pwned=1</script>")
    expect(page).to_have_url(re.compile(r"q=%3Cscript%3E"))
    expect(page.locator("#filter-q")).to_have_value("<script>window.__pwned=1</script>")
    watch.assert_nothing_ran()

    # A 400 echoes the bad value: swapped in by htmx, then as a whole page.
    page.fill("#filter-from", '"><img src=x onerror=alert(1)>')
    page.press("#filter-from", "Tab")
    expect(page.locator("#results .errors")).to_contain_text('"><img src=x onerror=alert(1)>')
    watch.assert_nothing_ran()
    page.reload()
    expect(page.locator("#results .errors")).to_contain_text("from")
    expect(page.locator("#filter-q")).to_have_value("<script>window.__pwned=1</script>")
    watch.assert_nothing_ran()


def test_detail_pages_run_nothing_from_the_data(page: Page, hostile_site):
    watch = Watch(page)
    for i, text in enumerate(HOSTILE):
        for kind in ["events", "sources", "actors"]:
            path = f"/{kind}/hostile-{kind[:-1]}-{i}/"
            page.goto(hostile_site + path)
            if text.strip():
                visible_as_text(page.locator("h1"), text.strip())
            page.locator("h1").hover()
            watch.assert_nothing_ran()
    textarea = HOSTILE.index("</textarea><script>window.__pwned=1</script>")
    page.goto(f"{hostile_site}/actors/hostile-actor-{textarea}/")
    visible_as_text(page.locator(".alias"), HOSTILE[textarea])
    # A javascript: URL is shown as the text it is, not as a link.
    page.goto(f"{hostile_site}/sources/hostile-source-{HOSTILE.index(JAVASCRIPT_URL)}/")
    visible_as_text(page.locator("dd"), JAVASCRIPT_URL)
    for path in ["/actors/", "/sources/"]:
        page.goto(hostile_site + path)
        # In the list (the actor list's pair picker names them too, in its options).
        visible_as_text(
            page.locator("main .index-list"), "</title><script>window.__pwned=1</script>"
        )
        watch.assert_nothing_ran()


def test_admin_pages_run_nothing_from_the_data(page: Page, hostile_site, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    watch = Watch(page)
    page.goto(hostile_site + "/admin/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    for model in ["event", "source", "actor", "claim"]:
        page.goto(f"{hostile_site}/admin/events/{model}/")
        expect(page.locator("#result_list")).to_be_visible()
        watch.assert_nothing_ran()
        page.locator("#result_list tbody th a").first.click()
        expect(page.locator("#content-main form")).to_be_visible()
        watch.assert_nothing_ran()
    event = Event.objects.get(slug="hostile-event-2")
    page.goto(f"{hostile_site}/admin/events/event/{event.pk}/change/")
    expect(page.locator("#id_title")).to_have_value(HOSTILE[2])
    expect(page.locator("#id_summary")).to_have_value(HOSTILE[2])
    watch.assert_nothing_ran()
    source = Source.objects.get(url=JAVASCRIPT_URL)
    page.goto(f"{hostile_site}/admin/events/source/{source.pk}/change/")
    expect(page.locator("#id_url")).to_have_value(JAVASCRIPT_URL)
    expect(page.locator(".inline-group mark")).to_have_text(JAVASCRIPT_URL)  # its claim
    watch.assert_nothing_ran()


def test_the_analysts_views_run_nothing_from_the_data(page: Page, hostile_site):
    """Commitments, a relation between two hostile actors (its chart, types and people),
    and the events whose sources differ."""
    Event.objects.filter(slug__in=["hostile-event-0", "hostile-event-1"]).update(status="planned")
    watch = Watch(page)
    for path in [
        "/commitments/",
        "/relations/hostile-actor-2/hostile-actor-3/",
        "/relations/?a=hostile-actor-2&b=hostile-actor-4",
        "/?disputed=1",
    ]:
        page.goto(hostile_site + path)
        page.locator("h1").hover()
        watch.assert_nothing_ran()
    page.goto(hostile_site + "/commitments/")
    visible_as_text(page.locator("#results"), HOSTILE[1].strip())
