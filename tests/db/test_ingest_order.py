"""The events ingest proposes do not depend on the order the articles arrive in.

A small made-up corpus: one phone call reported by two outlets, a visit planned in one
report, dated to the month in another and to the day in a third, and a signing and a
meeting recalled years later.
"""

from datetime import date

import pytest
from django.conf import settings

from events.ingest.documents import Article
from events.ingest.evaluation import describe_events, ingest_in_order, load_curated_actors
from events.models import Claim, Event

pytestmark = pytest.mark.django_db

CORPUS = {
    "call-outlet-a.txt": (
        date(2022, 6, 9),
        "Prime Minister Narendra Modi and President Vladimir Putin spoke by phone on "
        "Wednesday. The two leaders discussed vaccine supplies and trade. Putin will visit "
        "India later this year for the annual summit.",
    ),
    "call-outlet-b.txt": (
        date(2022, 6, 10),
        "President Vladimir Putin held a telephone conversation with Prime Minister "
        "Narendra Modi on June 8, 2022. They agreed to expand cooperation in energy.",
    ),
    "visit-dated.txt": (
        date(2022, 7, 2),
        "Russian President Vladimir Putin will visit India on December 6, 2022 for the "
        "annual summit with Prime Minister Narendra Modi, officials said.",
    ),
    "visit-undated.txt": (
        date(2022, 7, 20),
        "President Vladimir Putin will visit India for talks with Prime Minister Narendra "
        "Modi, the Kremlin said.",
    ),
    "visit-month.txt": (
        date(2022, 6, 30),
        "President Vladimir Putin is expected to visit India in December 2022, the Kremlin "
        "said after talks with Prime Minister Narendra Modi's office.",
    ),
    "signing-recalled.txt": (
        date(2022, 7, 25),
        "India and Russia signed a defence agreement in October 2018. Prime Minister "
        "Narendra Modi and President Vladimir Putin met in Sochi in May 2018.",
    ),
}


def articles(order: list[str]) -> list[Article]:
    return [Article(name, CORPUS[name][1], CORPUS[name][0], "header") for name in order]


@pytest.fixture
def curated_actors():
    load_curated_actors(settings.DIPLO_DATASET)


def test_ingesting_in_reverse_order_gives_the_same_events(curated_actors):
    order = list(CORPUS)
    forward = ingest_in_order(articles(order))
    backward = ingest_in_order(articles(order[::-1]))
    assert forward  # the corpus makes events at all
    assert forward == backward


def test_every_rotation_of_the_corpus_gives_the_same_events(curated_actors):
    order = list(CORPUS)
    first = ingest_in_order(articles(order))
    for shift in range(1, len(order)):
        assert ingest_in_order(articles(order[shift:] + order[:shift])) == first


def test_a_call_reported_by_two_outlets_is_one_event_in_either_order(curated_actors):
    order = ["call-outlet-a.txt", "call-outlet-b.txt"]
    for names in (order, order[::-1]):
        described = ingest_in_order(articles(names))
        calls = [d for d in described if d[0] == "CONSULT" and d[2] == "2022-06-08"]
        assert len(calls) == 1, described
        assert {origin for origin, _, _ in calls[0][4]} == set(order)


def test_a_plan_takes_the_most_precise_stated_date_whichever_report_came_first(
    curated_actors,
):
    order = ["visit-undated.txt", "visit-month.txt", "visit-dated.txt"]
    for names in (order, order[::-1]):
        described = ingest_in_order(articles(names))
        visits = [d for d in described if d[1] == "planned" and d[2] == "2022-12-06"]
        assert len(visits) == 1, described
        assert {origin for origin, _, _ in visits[0][4]} == set(order)


def test_the_description_names_each_events_claims_and_actors(curated_actors):
    described = ingest_in_order(articles(["call-outlet-b.txt"]))
    assert Claim.objects.count() == 0 and Event.objects.count() == 0  # rolled back
    assert all(claims for *_, claims in described)
    assert describe_events([]) == []


# A person no curator has reviewed, described differently by three reports of one meeting.
UNREVIEWED = {
    "talks-with-country.txt": (
        date(2024, 3, 5),
        "Hungarian Foreign Minister Elena Varga held talks with Prime Minister Narendra "
        "Modi in New Delhi on March 4, 2024.",
    ),
    "talks-title-only.txt": (
        date(2024, 3, 6),
        "Foreign Minister Elena Varga held talks with Prime Minister Narendra Modi on "
        "March 4, 2024, officials said.",
    ),
    "talks-bare-names.txt": (
        date(2024, 3, 7),
        "Elena Varga and Narendra Modi held talks on March 4, 2024.",
    ),
}


def unreviewed(order: list[str]) -> list[Article]:
    return [Article(name, UNREVIEWED[name][1], UNREVIEWED[name][0], "header") for name in order]


def test_an_actor_one_report_proposes_does_not_change_how_another_is_read(curated_actors):
    """Every order of the three reports gives the same events: the second report's
    minister is read as it describes her (no country), whether or not the first report
    stored her with one, and the bare names are not matched against a proposal."""
    order = list(UNREVIEWED)
    first = ingest_in_order(unreviewed(order))
    for names in (order[::-1], order[1:] + order[:1], [order[1], order[0], order[2]]):
        assert ingest_in_order(unreviewed(names)) == first
    bare = [d for d in first if {o for o, _, _ in d[4]} == {"talks-bare-names.txt"}]
    assert bare and all("elena-varga" not in d[3] for d in bare), first


def test_an_article_reads_a_proposed_actor_as_it_describes_it(curated_actors):
    """An earlier report stored the deputy prime minister with no country; this one says
    he is Russian, so its two sentences on the talks are one Russia–India event, as they
    are when it comes first."""
    earlier = Article(
        "earlier.txt",
        "Deputy Prime Minister Ivan Sorokin said on Monday that trade with India grew.",
        date(2024, 3, 1),
        "header",
    )
    report = Article(
        "report.txt",
        "Russian Deputy Prime Minister Ivan Sorokin held talks with Prime Minister Narendra "
        "Modi in New Delhi on March 4, 2024. Russia and India held talks on trade and energy "
        "during the visit.",
        date(2024, 3, 5),
        "header",
    )
    alone = ingest_in_order([report])
    after = [d for d in ingest_in_order([earlier, report]) if d[4][0][0] == "report.txt"]
    assert len(alone) == 1 and "russia" in alone[0][3], alone
    assert after == alone
