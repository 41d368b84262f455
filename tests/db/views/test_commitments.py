import csv
import io
import json
import re
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from events.commitments import exports, selectors
from events.commitments.selectors import elapsed
from tests.factories import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db

URL = reverse("events:commitment-list")
CSV_URL = reverse("events:commitments-csv")
JSON_URL = reverse("events:commitments-json")
TODAY = date(2026, 12, 8)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """Every test runs on the same day, so what is overdue (and by how long) is fixed."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def listed(response) -> dict[str, str]:
    """Each listed commitment's slug and state, in page order."""
    html = response.content.decode()
    entries = re.findall(r'<li class="commitment state-([a-z]+)" id="commitment-([^"]+)"', html)
    return {slug: state for state, slug in entries}


def slugs(response) -> list[str]:
    return re.findall(r'id="commitment-([^"]+)"', response.content.decode())


def state_counts(response) -> dict[str, int]:
    html = response.content.decode()
    return {
        state: int(count)
        for state, count in re.findall(
            r'name="state" value="([a-z]+)"[^>]*>[^<]*<span class="option-label">[^<]+</span> '
            r'<span class="count"[^>]*>(\d+)</span>',
            html,
        )
    }


def csv_rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def cast():
    """Modi and Putin; a visit planned and kept by a verified visit held later, a summit
    planned in 2021 and never held (overdue), talks planned for 2030 (pending), a
    meeting cancelled though something claims to fulfil it, and an occurred call
    (no commitment). Each promise backed by a verified claim."""
    modi = make_actor(name="Narendra Modi", slug="narendra-modi")
    putin = make_actor(name="Vladimir Putin", slug="vladimir-putin")
    readout = make_source(title="The readout", slug="readout")
    report = make_source(title="The report", slug="report")
    visit = make_event(
        title="Visit planned",
        slug="visit",
        status="planned",
        date_edtf="2021-04-28/2021-12-31",
        actors=[(putin, "initiator"), (modi, "recipient")],
    )
    held = make_event(
        title="Visit held", slug="held", date_edtf="2021-12-06", fulfils=visit, mode="visit"
    )
    summit = make_event(
        title="Summit planned",
        slug="summit",
        status="planned",
        date_edtf="2021-05",
        actors=[(modi, "initiator")],
    )
    talks = make_event(
        title="Talks planned",
        slug="talks",
        status="planned",
        date_edtf="2030",
        actors=[(putin, "participant")],
    )
    meeting = make_event(
        title="Meeting cancelled", slug="meeting", status="cancelled", date_edtf="2020"
    )
    make_event(title="Meeting held anyway", slug="anyway", fulfils=meeting, date_edtf="2020-06")
    make_event(title="Phone call", slug="call", date_edtf="2021-04-28")
    make_claim(readout, quote="They agreed to meet later this year", event=visit)
    make_claim(report, quote="spoke on Wednesday", event=held)
    make_claim(report, quote="They agreed to meet", event=summit)
    make_claim(readout, quote="later this year", event=talks)
    return {"visit": visit, "held": held, "summit": summit, "talks": talks, "meeting": meeting}


# The curated dataset


def test_the_curated_dataset_s_promises_are_overdue_and_its_cancelled_summit_cancelled(client):
    call_command("loaddata", settings.DIPLO_DATASET, verbosity=0)

    response = client.get(URL)

    assert response.status_code == 200
    assert listed(response) == {
        "india-russia-summit-2020-cancelled": "cancelled",
        "sputnik-v-first-batch-arrives-india": "overdue",
        "putin-visit-india-summit-2021": "overdue",
        "sputnik-v-production-india-2021": "overdue",
    }
    assert state_counts(response) == {"kept": 0, "overdue": 3, "pending": 0, "cancelled": 1}
    html = response.content.decode()
    # The visit's window closed on 31 Dec 2021: 1,803 days before 8 Dec 2026.
    assert 'title="1803 days since its window closed">overdue 4 years 11 months<' in html
    assert "would look forward to the Russian President’s visit to India" in html


# States


def test_each_commitment_has_its_state_in_date_order(client, cast):
    response = client.get(URL)

    assert response.status_code == 200
    assert list(listed(response).items()) == [
        ("meeting", "cancelled"),
        ("visit", "kept"),
        ("summit", "overdue"),
        ("talks", "pending"),
    ]
    assert "call" not in slugs(response) and "held" not in slugs(response)


def test_a_kept_promise_shows_its_quote_beside_the_fulfilment_s(client, cast):
    html = client.get(URL).content.decode()

    entry = html[html.index('id="commitment-visit"') : html.index('id="commitment-summit"')]
    promise = entry.index("<blockquote>They agreed to meet later this year</blockquote>")
    kept = entry.index('<strong class="pledge-label">Kept</strong>: <a href="/events/held/">')
    assert promise < kept < entry.index("<blockquote>spoke on Wednesday</blockquote>")
    assert '<a href="/actors/vladimir-putin/">Vladimir Putin</a>' in entry
    assert 'href="/events/visit/"' in entry


def test_overdue_is_told_in_words_and_days(client, cast):
    html = client.get(URL).content.decode()

    # The summit's window, May 2021, closed on the 31st: 2,017 days before 8 Dec 2026.
    assert 'title="2017 days since its window closed">overdue 5 years 6 months<' in html
    assert "its window closed on 31 May 2021 (2017 days ago)" in html


def test_a_window_with_no_end_or_closing_today_is_pending(client):
    make_event(slug="open", status="planned", date_edtf="2021-04-28/..")
    make_event(slug="today", status="planned", date_edtf=TODAY.isoformat())
    make_event(slug="yesterday", status="planned", date_edtf="2026-12-07")

    response = client.get(URL)

    assert listed(response) == {"open": "pending", "yesterday": "overdue", "today": "pending"}
    assert "overdue 1 day<" in response.content.decode()


def test_a_cancelled_commitment_is_cancelled_even_when_something_fulfils_it(client, cast):
    assert listed(client.get(URL))["meeting"] == "cancelled"


@pytest.mark.parametrize(
    ("since", "today", "words"),
    [
        (date(2021, 12, 31), date(2026, 12, 8), "4 years 11 months"),
        (date(2021, 5, 31), date(2026, 12, 8), "5 years 6 months"),
        (date(2025, 12, 8), date(2026, 12, 8), "1 year"),
        (date(2026, 10, 8), date(2026, 12, 8), "2 months"),
        (date(2026, 11, 9), date(2026, 12, 8), "29 days"),
        (date(2026, 12, 7), date(2026, 12, 8), "1 day"),
        (date(2026, 1, 31), date(2026, 2, 28), "28 days"),
    ],
)
def test_elapsed_time_is_told_in_years_and_months_or_days(since, today, words):
    assert elapsed(since, today) == words


# Visibility


def test_an_unverified_fulfilment_keeps_nothing_for_the_public_but_does_for_staff(
    client, staff_client
):
    promise = make_event(slug="promise", status="planned", date_edtf="2021")
    done = make_event(slug="done", fulfils=promise, review_status="proposed")
    make_claim(quote="spoke on Wednesday", event=done)

    assert listed(client.get(URL)) == {"promise": "overdue"}
    assert "/events/done/" not in client.get(URL).content.decode()
    staff = staff_client.get(URL)
    assert listed(staff) == {"promise": "kept"}
    assert "proposed, not verified" in staff.content.decode()


def test_a_verified_fulfilment_keeps_it_for_the_public(client):
    promise = make_event(slug="promise", status="planned", date_edtf="2021")
    make_event(slug="done", fulfils=promise)

    assert listed(client.get(URL)) == {"promise": "kept"}


def test_a_rejected_fulfilment_keeps_it_for_nobody(client, staff_client):
    promise = make_event(slug="promise", status="planned", date_edtf="2021")
    make_event(slug="done", fulfils=promise, review_status="rejected")

    assert listed(staff_client.get(URL)) == {"promise": "overdue"}


def test_a_proposed_commitment_is_shown_to_staff_only(client, staff_client):
    make_event(slug="shown", status="planned", date_edtf="2021")
    make_event(slug="proposal", status="planned", date_edtf="2021", review_status="proposed")
    make_event(slug="mistake", status="planned", date_edtf="2021", review_status="rejected")

    assert slugs(client.get(URL)) == ["shown"]
    assert sorted(slugs(staff_client.get(URL))) == ["proposal", "shown"]
    assert [row["slug"] for row in json.loads(client.get(JSON_URL).content)["results"]] == ["shown"]
    assert [row["slug"] for row in csv_rows(client.get(CSV_URL))] == ["shown"]


def test_the_public_sees_verified_quotes_only(client, staff_client):
    promise = make_event(slug="promise", status="planned", date_edtf="2021")
    make_claim(quote="They agreed to meet", event=promise, review_status="proposed")

    assert "They agreed to meet" not in client.get(URL).content.decode()
    assert "<blockquote>They agreed to meet</blockquote>" in staff_client.get(URL).content.decode()
    [row] = csv_rows(client.get(CSV_URL))
    assert row["promise_quote"] == ""


def test_an_unverified_actor_is_named_without_a_link_and_cannot_be_filtered_on(client):
    proposed = make_actor(name="Sergey Lavrov", slug="lavrov", review_status="proposed")
    make_event(slug="promise", status="planned", actors=[(proposed, "initiator")])

    html = client.get(URL).content.decode()
    assert "Sergey Lavrov" in html and "/actors/lavrov/" not in html
    response = client.get(URL, {"actor": "lavrov"})
    assert response.status_code == 400


def test_a_quote_s_speaker_is_named(client):
    modi = make_actor(name="Narendra Modi", slug="narendra-modi")
    promise = make_event(slug="promise", status="planned")
    make_claim(quote="They agreed to meet", event=promise, attributed_to=modi, kind="statement")

    html = client.get(URL).content.decode()
    assert 'in the words of <a href="/actors/narendra-modi/">Narendra Modi</a>' in html
    assert json.loads(client.get(JSON_URL).content)["results"][0]["attributed_to"] == {
        "slug": "narendra-modi",
        "name": "Narendra Modi",
    }


# Filters


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "overdue"}, ["summit"]),
        ({"state": ["kept", "pending"]}, ["visit", "talks"]),
        ({"state": ""}, ["meeting", "visit", "summit", "talks"]),
        ({"actor": "vladimir-putin"}, ["visit", "talks"]),
        ({"actor": ["narendra-modi", "vladimir-putin"]}, ["visit", "summit", "talks"]),
        ({"from": "2021-06"}, ["visit", "talks"]),
        ({"from": "2021-05", "to": "2021-05-15"}, ["visit", "summit"]),
        ({"to": "2020"}, ["meeting"]),
        ({"actor": "vladimir-putin", "state": "pending", "from": "2029"}, ["talks"]),
    ],
)
def test_filters_narrow_the_commitments(client, cast, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert slugs(response) == expected


def test_counts_per_state_follow_every_filter_but_the_state(client, cast):
    response = client.get(URL, {"actor": "vladimir-putin", "state": "kept"})

    assert slugs(response) == ["visit"]
    assert state_counts(response) == {"kept": 1, "overdue": 0, "pending": 1, "cancelled": 0}
    assert 'value="kept" id="f-state-kept" checked>' in response.content.decode()


def actor_counts(response) -> list[tuple[str, str]]:
    return re.findall(
        r'name="actor" value="([^"]+)"[^>]*> <span class="option-label">[^<]+</span> '
        r'<span class="count"[^>]*>(\d+)<',
        response.content.decode(),
    )


def test_actors_are_offered_with_how_many_commitments_they_made_in_the_window(client, cast):
    # In any state: the counts beside the states tell how many of them are which.
    assert actor_counts(client.get(URL, {"state": "pending"})) == [
        ("narendra-modi", "2"),
        ("vladimir-putin", "2"),
    ]
    assert actor_counts(client.get(URL, {"from": "2021-05", "to": "2021-05"})) == [
        ("narendra-modi", "2"),
        ("vladimir-putin", "1"),
    ]


@pytest.mark.parametrize(
    ("query", "parameter", "reason"),
    [
        ({"actor": "nobody"}, "actor", "nobody is not one of the available choices"),
        ({"state": "forgotten"}, "state", "forgotten is not one of the available choices"),
        ({"from": "2021-13"}, "from", "“2021-13” is not a real date"),
        ({"to": "April"}, "to", "Enter a year (2021), a month (2021-04) or a day"),
        ({"from": "2022", "to": "2021"}, "to", "“to” (2021) is before “from” (2022)"),
        ({"page": "9"}, "page", "That page contains no results"),
        ({"page": "x"}, "page", "That page number is not an integer"),
    ],
)
def test_invalid_input_is_a_400_naming_the_parameter(client, cast, query, parameter, reason):
    response = client.get(URL, query)

    assert response.status_code == 400
    html = response.content.decode()
    assert f"<li><code>{parameter}</code>: " in html
    assert reason in html
    assert 'id="commitment-' not in html


def test_every_bad_parameter_is_named_at_once(client, cast):
    html = client.get(URL, {"actor": "nobody", "state": "x", "from": "20"}).content.decode()
    assert re.findall(r"<li><code>(\w+)</code>", html) == ["actor", "state", "from"]


# htmx and the page without JavaScript


def test_htmx_request_renders_only_the_results_and_the_counts(client, cast):
    response = client.get(URL, {"state": "kept"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html and "<form" not in html
    assert '<div id="facets" class="facets" data-hx-swap-oob="true">' in html
    assert slugs(response) == ["visit"]
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, cast):
    response = client.get(
        URL, {"state": "kept"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def test_htmx_invalid_input_is_a_400_fragment(client, cast):
    response = client.get(URL, {"from": "2021-13"}, headers={"HX-Request": "true"})

    assert response.status_code == 400
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<li><code>from</code>:" in html


def test_the_form_works_without_javascript(client, cast):
    html = client.get(URL).content.decode()

    assert '<form id="filters" class="filters" action="/commitments/" method="get"' in html
    assert 'data-hx-get="/commitments/" data-hx-target="#results"' in html
    assert 'data-hx-push-url="true"' in html
    assert '<button type="submit">' in html


def test_the_site_nav_links_to_the_page(client):
    assert '<a href="/commitments/">Commitments</a>' in client.get("/").content.decode()


def test_pagination_keeps_the_filters(client, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for year in range(2001, 2006):
        make_event(slug=f"plan-{year}", status="planned", date_edtf=str(year))

    first = client.get(URL, {"state": "overdue"})
    html = first.content.decode()
    assert slugs(first) == ["plan-2001", "plan-2002"]
    assert "<strong>5</strong> commitments, page 1 of 3" in html
    assert 'href="?state=overdue&amp;page=2"' in html
    assert slugs(client.get(URL, {"state": "overdue", "page": 3})) == ["plan-2005"]


def test_export_links_carry_the_filters(client, cast):
    html = client.get(URL, {"state": "kept", "actor": "vladimir-putin", "page": "1"}).content
    assert b'href="/commitments.csv?actor=vladimir-putin&amp;state=kept"' in html
    assert b'href="/commitments.json?actor=vladimir-putin&amp;state=kept"' in html


def test_source_text_and_titles_are_escaped(client):
    source = make_source(text="<script>alert(1)</script> planned")
    promise = make_event(slug="promise", status="planned", title="<b>Visit</b>")
    make_claim(source, quote="<script>alert(1)</script>", event=promise)

    html = client.get(URL).content.decode()
    assert "<script>alert(1)" not in html and "<b>Visit" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_page_only_answers_get_and_head(client):
    assert client.post(URL).status_code == 405
    assert client.head(URL).status_code == 200


# Speed


def _commitments(count: int) -> None:
    """`count` commitments of every state, each with an actor and a claim, and the kept
    ones with a fulfilment and its claim."""
    actor = make_actor(slug=f"actor-of-{count}")
    source = make_source()
    for n in range(count):
        state = n % 4
        promise = make_event(
            slug=f"c{count}-{n}",
            status="cancelled" if state == 3 else "planned",
            date_edtf="2099" if state == 2 else "2021",
            actors=[(actor, "initiator")],
        )
        make_claim(source, quote="They agreed to meet", event=promise)
        if state == 0:
            done = make_event(slug=f"d{count}-{n}", fulfils=promise)
            make_claim(source, quote="spoke on Wednesday", event=done)


@pytest.mark.parametrize(
    ("query", "queries"),
    [
        # Counts per state, the public events' tally (to choose how to find the page),
        # the page's ids, its rows, their actors, claims, fulfilments and theirs, and the
        # actors offered beside the filters (their tallies and names).
        ("", 10),
        # Narrowed by a window: the page sorted (no tally), the actors counted in one query.
        ("?state=kept&from=2021", 8),
        ("?actor={actor}&state=kept", 10),  # sorted, and the actor's slug checked
    ],
)
def test_query_count_is_the_same_for_8_and_80_commitments(
    client, django_assert_num_queries, query, queries
):
    for count in (8, 80):
        _commitments(count)
        with django_assert_num_queries(queries):
            response = client.get(URL + query.format(actor=f"actor-of-{count}"))
        assert response.status_code == 200
        assert 'id="commitment-' in response.content.decode()


def test_an_export_batch_costs_the_same_queries_however_many_it_holds(
    client, django_assert_num_queries
):
    for count in (8, 80):
        _commitments(count)
        response = client.get(JSON_URL)
        with django_assert_num_queries(8):  # as the page, less the actors offered
            response = client.get(JSON_URL)
        listed = len(json.loads(response.content)["results"])
        assert listed == min(8 + 80 * (count == 80), exports.JSON_PAGE_SIZE)


# Exports


def test_json_gives_each_commitment_with_its_state_window_and_quotes(client, cast):
    response = client.get(JSON_URL, {"state": ["kept", "overdue"]})

    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["count"] == 2 and body["next"] is None
    assert body["counts"] == {"kept": 1, "overdue": 1, "pending": 1, "cancelled": 1}
    visit, summit = body["results"]
    assert visit == {
        "slug": "visit",
        "title": "Visit planned",
        "url": "http://testserver/events/visit/",
        "state": "kept",
        "status": "planned",
        "review_status": "verified",
        "date": {
            "edtf": "2021-04-28/2021-12-31",
            "lower": "2021-04-28",
            "upper": "2021-12-31",
            "display": "later in 2021",
        },
        "overdue_days": None,
        "actors": [
            {"slug": "vladimir-putin", "name": "Vladimir Putin", "role": "initiator"},
            {"slug": "narendra-modi", "name": "Narendra Modi", "role": "recipient"},
        ],
        "attributed_to": None,
        "promise": {
            "id": visit["promise"]["id"],
            "quote": "They agreed to meet later this year",
            "kind": "reported",
            "source": {"slug": "readout", "title": "The readout", "published_on": "2021-04-28"},
            "url": f"http://testserver/sources/readout/#claim-{visit['promise']['id']}",
        },
        "fulfilled_by": {
            "slug": "held",
            "title": "Visit held",
            "url": "http://testserver/events/held/",
            "review_status": "verified",
            "date": {
                "edtf": "2021-12-06",
                "lower": "2021-12-06",
                "upper": "2021-12-06",
                "display": "6 Dec 2021",
            },
            "quote": {
                "id": visit["fulfilled_by"]["quote"]["id"],
                "quote": "spoke on Wednesday",
                "kind": "reported",
                "source": {"slug": "report", "title": "The report", "published_on": "2021-04-28"},
                "url": "http://testserver/sources/report/"
                f"#claim-{visit['fulfilled_by']['quote']['id']}",
            },
        },
    }
    assert (summit["slug"], summit["state"], summit["overdue_days"]) == ("summit", "overdue", 2017)
    assert summit["fulfilled_by"] is None


def test_json_is_paged_with_a_link_to_the_next_page(client, cast, monkeypatch):
    monkeypatch.setattr(exports, "JSON_PAGE_SIZE", 3)
    body = json.loads(client.get(JSON_URL).content)

    assert [row["slug"] for row in body["results"]] == ["meeting", "visit", "summit"]
    assert body["next"] == "http://testserver/commitments.json?page=2"
    assert [r["slug"] for r in json.loads(client.get(body["next"]).content)["results"]] == ["talks"]


def test_csv_lists_the_filtered_commitments_with_every_column(client, cast):
    response = client.get(CSV_URL, {"actor": "vladimir-putin"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="diplo-commitments.csv"'
    visit, talks = csv_rows(response)
    assert visit == {
        "slug": "visit",
        "title": "Visit planned",
        "url": "http://testserver/events/visit/",
        "state": "kept",
        "review_status": "verified",
        "date_edtf": "2021-04-28/2021-12-31",
        "date_lower": "2021-04-28",
        "date_upper": "2021-12-31",
        "date_display": "later in 2021",
        "overdue_days": "",
        "actors": "Vladimir Putin (initiator); Narendra Modi (recipient)",
        "attributed_to": "",
        "promise_quote": "They agreed to meet later this year",
        "promise_source": "The readout",
        "promise_url": visit["promise_url"],
        "fulfilled_by_slug": "held",
        "fulfilled_by_title": "Visit held",
        "fulfilled_by_date": "6 Dec 2021",
        "fulfilled_by_url": "http://testserver/events/held/",
        "fulfilment_quote": "spoke on Wednesday",
        "fulfilment_source": "The report",
        "fulfilment_url": visit["fulfilment_url"],
    }
    assert re.fullmatch(r"http://testserver/sources/readout/#claim-\d+", visit["promise_url"])
    assert (talks["slug"], talks["state"], talks["fulfilled_by_slug"]) == ("talks", "pending", "")


def test_csv_gives_overdue_days(client, cast):
    rows = csv_rows(client.get(CSV_URL, {"state": "overdue"}))
    assert [(row["slug"], row["overdue_days"]) for row in rows] == [("summit", "2017")]


def test_csv_neutralises_spreadsheet_formulas(client):
    promise = make_event(slug="promise", status="planned", title="=cmd|' /C calc'!A0")
    source = make_source(text="-1 visit, they said", title="@SUM(A1)")
    make_claim(source, quote="-1 visit", event=promise)

    [row] = csv_rows(client.get(CSV_URL))
    assert row["title"] == "'=cmd|' /C calc'!A0"
    assert row["promise_quote"] == "'-1 visit"
    assert row["promise_source"] == "'@SUM(A1)"


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_exports_refuse_bad_parameters_naming_each(client, url):
    response = client.get(url, {"actor": "nobody", "state": "forgotten"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "actor" in text and "state" in text and "forgotten" in text


def test_json_refuses_a_page_beyond_the_last(client, cast):
    response = client.get(JSON_URL, {"page": "7"})
    assert response.status_code == 400
    assert json.loads(response.content) == {"errors": {"page": ["That page contains no results"]}}


def test_with_narrows_an_actors_commitments_to_those_also_involving_another(client):
    india, russia, china = (
        make_actor(name=n, slug=n.lower()) for n in ("India", "Russia", "China")
    )
    make_event(slug="ir", status="planned", actors=[(india, "initiator"), (russia, "recipient")])
    make_event(slug="ic", status="planned", actors=[(india, "initiator"), (china, "recipient")])

    response = client.get(URL, {"actor": "india", "with": "russia"})

    assert list(listed(response)) == ["ir"]
    assert '<input type="hidden" name="with" value="russia">' in response.content.decode()
    assert client.get(URL, {"with": "atlantis"}).status_code == 400
