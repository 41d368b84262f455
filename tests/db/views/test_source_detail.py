import re
from datetime import date

import pytest

from events.models import Claim
from events.timeline.selectors import SOURCES_PER_PAGE
from tests.factories import make_claim, make_event, make_source

pytestmark = pytest.mark.django_db

TEXT = "Modi and Putin spoke on Wednesday. They agreed to meet later this year."


def test_every_claim_is_highlighted_addressable_and_linked_to_its_event(client):
    source = make_source(slug="readout", text=TEXT)
    call = make_event(slug="call", title="Phone call")
    visit = make_event(slug="visit", title="Visit")
    spoke = make_claim(source=source, quote="Modi and Putin spoke on Wednesday.", event=call)
    meet = make_claim(source=source, quote="agreed to meet later this year", event=visit)

    html = client.get("/sources/readout/").content.decode()

    assert f'<span class="claim-anchor" id="claim-{spoke.pk}"></span>' in html
    assert f'<span class="claim-anchor" id="claim-{meet.pk}"></span>' in html
    assert re.search(
        rf'<mark class="claim depth-1 c-{spoke.pk}"><a href="/events/call/" title="Phone call">'
        r"Modi and Putin spoke on Wednesday\.</a></mark>",
        html,
    )
    text_only = re.sub(
        r"<[^>]+>", "", html.split('<div class="source-text">')[1].split("</div>")[0]
    )
    assert text_only == TEXT


def test_overlapping_claims_split_into_runs_that_keep_every_span(client):
    source = make_source(slug="readout", text=TEXT)
    outer = make_claim(
        source=source, quote="They agreed to meet later this year.", event=make_event()
    )
    inner_event = make_event(slug="inner", title="Inner")
    inner = make_claim(source=source, quote="meet later", event=inner_event)
    crossing = make_claim(source=source, quote="Wednesday. They", event=make_event())

    html = client.get("/sources/readout/").content.decode()
    body = html.split('<div class="source-text">')[1].split("</div>")[0]

    for claim in (outer, inner, crossing):
        runs = re.findall(
            rf'<mark class="claim depth-\d[^"]*\bc-{claim.pk}\b[^"]*">(.*?)</mark>', body
        )
        assert "".join(re.sub(r"<[^>]+>", "", run) for run in runs) == claim.quote
    # The innermost claim's run is drawn deeper and links to its own event.
    assert re.search(
        r'<mark class="claim depth-2[^"]*"><a href="/events/inner/" title="Inner">meet later</a>',
        body,
    )


def test_source_text_is_always_escaped(client):
    source = make_source(slug="hostile", text='Hi <script>alert("x")</script> & "quotes"')
    make_claim(source=source, quote="<script>", event=make_event())
    html = client.get("/sources/hostile/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "&amp; &quot;quotes&quot;" in html


def test_unknown_source_is_a_404(client):
    assert client.get("/sources/nothing-here/").status_code == 404


def test_source_page_query_count_is_the_same_for_5_and_200_claims(
    client, django_assert_num_queries
):
    source = make_source(slug="readout", text="word " * 400)

    def add_claims(n):
        start = Claim.objects.count() * 5
        for i in range(start, start + n):
            make_claim(source=source, quote="word", event=make_event(), start=i * 5, end=i * 5 + 4)

    add_claims(5)
    with django_assert_num_queries(3):  # data version, the source, its claims with events
        client.get("/sources/readout/")
    add_claims(195)
    with django_assert_num_queries(3):
        assert client.get("/sources/readout/").status_code == 200
    with django_assert_num_queries(1):  # again: the body comes from the cache
        assert client.get("/sources/readout/").content.decode().count("<mark") == 200


def test_source_list_shows_sources_with_counts(client, django_assert_num_queries):
    source = make_source(title="The readout", slug="readout")
    make_claim(source=source, event=make_event())
    # The count of sources, the page of them, their claims and events counted.
    with django_assert_num_queries(3):
        html = client.get("/sources/").content.decode()
    assert '<a href="/sources/readout/">The readout</a>' in html
    assert "1 claim on 1 event" in html


def test_source_list_is_paged_newest_first_counting_only_the_page(
    client, django_assert_num_queries
):
    # Every source was listed, each counted by grouping every claim: 1.5 s at 100,000
    # events. A page of them now, counted for its own sources, in as many queries.
    make_source(title="Newest", slug="newest", published_on=date(2024, 1, 1))
    make_source(title="Undated", slug="undated", published_on=None, date_basis="unknown")
    older = [
        make_source(title=f"Report {n:03d}", slug=f"report-{n}", published_on=date(2020, 1, 1))
        for n in range(SOURCES_PER_PAGE)
    ]
    make_claim(source=older[-1], event=make_event())
    with django_assert_num_queries(3):
        first = client.get("/sources/").content.decode()
    assert first.index(">Newest<") < first.index(">Report 000<") < first.index(">Report 098<")
    assert ">Report 099<" not in first and ">Undated<" not in first
    assert "page 1 of 2" in first and 'href="?page=2"' in first
    with django_assert_num_queries(3):
        second = client.get("/sources/?page=2").content.decode()
    # The undated come last; the one claim is counted on its source's page.
    assert second.index(">Report 099<") < second.index(">Undated<")
    assert ">Newest<" not in second and "1 claim on 1 event" in second


@pytest.mark.parametrize("page", ["0", "3", "two", "9" * 30])
def test_a_bad_source_page_is_a_400_naming_it(client, page):
    make_source()
    response = client.get(f"/sources/?page={page}")
    assert response.status_code == 400
    assert "<code>page</code>" in response.content.decode()


@pytest.fixture
def quoted_by_unverified():
    """The readout quoted for a verified call, a proposed visit and a rejected deal, and
    once for no event."""
    source = make_source(slug="readout", text=TEXT)
    spoke = make_claim(source=source, quote="Modi and Putin spoke", event=make_event(slug="call"))
    make_claim(source=source, quote="on Wednesday", event=None)
    proposed = make_event(slug="visit", title="Proposed visit", review_status="proposed")
    make_claim(source=source, quote="agreed to meet", event=proposed)
    rejected = make_event(slug="deal", title="Rejected deal", review_status="rejected")
    make_claim(source=source, quote="later this year", event=rejected)
    return spoke


def claim_anchors(html: str) -> int:
    return html.count('class="claim-anchor"')


@pytest.mark.parametrize("first", ["staff", "public"])
def test_a_source_page_shows_the_public_no_claim_of_an_unverified_event(
    client, staff_client, quoted_by_unverified, first
):
    visitors = {"staff": staff_client, "public": client}
    # Either may come first and fill the cache: neither is shown the other's page.
    pages = {
        name: visitors[name].get("/sources/readout/").content.decode()
        for name in sorted(visitors, key=lambda name: name != first)
    }
    assert 'href="/events/visit/"' in pages["staff"] and 'href="/events/deal/"' in pages["staff"]
    assert claim_anchors(pages["staff"]) == 4
    public = pages["public"]
    assert claim_anchors(public) == 2  # the call's, and the one backing no event
    assert "/events/visit/" not in public and "/events/deal/" not in public
    assert "Proposed visit" not in public and "Rejected deal" not in public
    assert public.count("<mark") == 2
    assert "<dd>2 highlighted below" in public
    assert f'id="claim-{quoted_by_unverified.pk}"' in public


def test_the_source_list_counts_for_the_public_what_the_source_page_shows_them(
    client, staff_client, quoted_by_unverified
):
    assert "4 claims on 3 events" in staff_client.get("/sources/").content.decode()
    assert "2 claims on 1 event" in client.get("/sources/").content.decode()


@pytest.fixture
def quoted_unverified():
    """The readout with a verified claim for a verified call, a proposed claim for it, and
    a proposed claim backing no event."""
    source = make_source(slug="readout", text=TEXT)
    call = make_event(slug="call")
    spoke = make_claim(source=source, quote="Modi and Putin spoke", event=call)
    make_claim(source=source, quote="on Wednesday", event=call, review_status="proposed")
    make_claim(source=source, quote="later this year", event=None, review_status="proposed")
    return spoke


@pytest.mark.parametrize("first", ["staff", "public"])
def test_a_source_page_highlights_for_the_public_its_verified_claims_only(
    client, staff_client, quoted_unverified, first
):
    visitors = {"staff": staff_client, "public": client}
    pages = {
        name: visitors[name].get("/sources/readout/").content.decode()
        for name in sorted(visitors, key=lambda name: name != first)
    }
    assert claim_anchors(pages["staff"]) == 3 and pages["staff"].count("<mark") == 3
    public = pages["public"]
    assert claim_anchors(public) == 1 and public.count("<mark") == 1
    assert f'id="claim-{quoted_unverified.pk}"' in public
    assert "<dd>1 highlighted below" in public


def test_the_source_list_counts_for_the_public_its_verified_claims_only(
    client, staff_client, quoted_unverified
):
    assert "3 claims on 1 event" in staff_client.get("/sources/").content.decode()
    assert "1 claim on 1 event" in client.get("/sources/").content.decode()
