"""Where sources disagree, as analysts meet it: the event page's "Sources differ" with
the two quotes side by side, the timeline's mark and its disputed=1 filter, the JSON
export's field, and the timeline's with= filter that a relation page's bars link to."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db

URL = reverse("events:event-list")


def titles(response) -> list[str]:
    return re.findall(r'<h4 class="event-title"><a href="[^"]+">([^<]+)</a>', response.text)


@pytest.fixture
def disputed_event():
    """A summit one source says was held on 28 April, another that it is still planned
    for later in the year; and a calm event beside it."""
    event = make_event(title="Summit in Delhi", slug="summit")
    held = make_source(title="The readout", text="The leaders met in Delhi on 28 April.")
    planned = make_source(title="The preview", text="The leaders will meet later this year.")
    make_claim(
        held,
        quote="met in Delhi on 28 April",
        event=event,
        status="occurred",
        date_edtf="2021-04-28",
    )
    make_claim(
        planned,
        quote="will meet later this year",
        event=event,
        status="planned",
        date_edtf="2021-05-01/2021-12-31",
    )
    calm = make_event(title="Phone call", slug="call")
    make_claim(event=calm, status="occurred")
    return event


def test_the_event_page_shows_the_conflicting_quotes_and_what_each_implies(client, disputed_event):
    page = client.get(disputed_event.get_absolute_url()).text
    section = page[page.index('id="disputes"') :]
    section = section[: section.index("</section>")]
    assert "Sources differ" in section
    assert "On whether it happened:" in section
    assert "met in Delhi on 28 April" in section and "will meet later this year" in section
    assert "Implies: occurred, 28 Apr 2021" in section
    assert "Implies: planned" in section
    assert "The readout" in section and "The preview" in section


def test_an_event_whose_sources_agree_has_no_disputes_section(client, disputed_event):
    assert 'id="disputes"' not in client.get(reverse("events:event-detail", args=["call"])).text


def test_the_timeline_marks_and_filters_disputed_events(client, disputed_event):
    everything = client.get(URL)
    assert titles(everything) == ["Phone call", "Summit in Delhi"]
    assert everything.text.count('class="dispute-flag"') == 1
    only = client.get(URL, {"disputed": "1"})
    assert titles(only) == ["Summit in Delhi"]
    assert 'id="filter-disputed" checked' in only.text


def test_a_dispute_among_unverified_claims_is_not_shown_to_the_public(client, disputed_event):
    disputed_event.claims.filter(status="planned").update(review_status="proposed")
    assert titles(client.get(URL, {"disputed": "1"})) == []
    assert 'id="disputes"' not in client.get(disputed_event.get_absolute_url()).text


def test_a_curator_sees_a_dispute_among_proposed_claims_on_the_event_page(
    staff_client, disputed_event
):
    disputed_event.claims.filter(status="planned").update(review_status="proposed")
    page = staff_client.get(disputed_event.get_absolute_url()).text
    assert 'id="disputes"' in page
    assert "(proposed, not verified)" in page


@pytest.mark.parametrize("value", ["yes", "0", "true"])
def test_a_bad_disputed_value_is_a_400_naming_it(client, disputed_event, value):
    response = client.get(URL, {"disputed": value})
    assert response.status_code == 400
    assert "<code>disputed</code>" in response.text


def test_the_json_export_says_which_events_are_disputed(client, disputed_event):
    records = client.get(reverse("events:export-json")).json()["results"]
    assert {record["slug"]: record["disputed"] for record in records} == {
        "summit": True,
        "call": False,
    }
    only = client.get(reverse("events:export-json"), {"disputed": "1"}).json()
    assert [record["slug"] for record in only["results"]] == ["summit"]


def test_with_narrows_an_actors_events_to_those_also_involving_another(client):
    india, russia, china = (
        make_actor(name=n, slug=n.lower()) for n in ("India", "Russia", "China")
    )
    make_event(title="India and Russia", actors=[(india, "participant"), (russia, "participant")])
    make_event(title="India and China", actors=[(india, "participant"), (china, "participant")])
    make_event(title="Russia alone", actors=[(russia, "participant")])

    response = client.get(URL, {"actor": "india", "with": "russia"})

    assert titles(response) == ["India and Russia"]
    # Kept in the form, so the next filter chosen keeps the pair.
    assert '<input type="hidden" name="with" value="russia">' in response.text
    assert "Only events also involving Russia." in response.text
    assert titles(client.get(URL, {"actor": "india", "with": ["russia", "china"]})) == [
        "India and China",
        "India and Russia",
    ]


def test_an_unknown_with_actor_is_a_400_naming_it(client):
    response = client.get(URL, {"with": "atlantis"})
    assert response.status_code == 400
    assert "<code>with</code>" in response.text
