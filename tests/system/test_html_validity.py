"""Every page type passes the Nu Html Checker (vnu.jar, run with the machine's Java)."""

import pytest
from django.conf import settings
from django.core.management import call_command

from events.models import Event, Source
from tests.factories import make_claim
from tests.tools import html_errors

PAGES = {
    "timeline": "/",
    "timeline-filtered": "/?actor=vladimir-putin&type=CONSULT&from=2021",
    "timeline-bad-input": "/?from=2021-13&type=NOPE",
    "timeline-empty": "/?q=nothing-matches-this",
    "event": "/events/modi-putin-phone-call-2021-04-28/",
    "event-planned": "/events/putin-visit-india-summit-2021/",
    "source": "/sources/modi-putin-agree-annual-2plus2-dialogue/",
    "source-list": "/sources/",
    "actor": "/actors/vladimir-putin/",
    "actor-list": "/actors/",
    "commitments": "/commitments/",
    "commitments-filtered": "/commitments/?state=overdue&actor=vladimir-putin&from=2021",
    "commitments-bad-input": "/commitments/?state=broken&from=2021-13",
    "timeline-disputed": "/?disputed=1",
    "timeline-pair": "/?actor=india&with=russia",
    "relation": "/relations/india/russia/",
    "relation-people": "/relations/narendra-modi/vladimir-putin/",
    "relation-picker-bad-input": "/relations/?a=atlantis&b=russia",
    "commitments-pair": "/commitments/?actor=india&with=russia",
    "not-found": "/events/no-such-event/",
}


@pytest.fixture
def dataset(db):
    call_command("loaddata", settings.DIPLO_DATASET, verbosity=0)


def test_every_page_type_is_valid_html(client, dataset, tmp_path):
    pages = {}
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code in {200, 400, 404}, url
        pages[name] = response.content
    assert html_errors(pages, tmp_path) == []


def test_an_event_whose_sources_differ_is_valid_html(client, dataset, tmp_path):
    """The "Sources differ" section, on a curated event given a second, contrary claim."""
    event = Event.objects.get(slug="putin-visit-india-summit-2021")
    event.claims.update(status="planned")
    other = Source.objects.exclude(pk=event.claims.first().source_id).first()
    quote = other.text[:40]
    make_claim(other, quote=quote, event=event, status="occurred", date_edtf="2021-04-28")
    response = client.get(event.get_absolute_url())
    assert 'id="disputes"' in response.text
    assert html_errors({"event-disputed": response.content}, tmp_path) == []
