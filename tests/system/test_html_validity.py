"""Every page type passes the Nu Html Checker (vnu.jar, run with the machine's Java)."""

import pytest
from django.conf import settings
from django.core.management import call_command

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
