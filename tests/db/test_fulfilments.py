"""Ingest proposes that an event it stores carried out a planned one; curators confirm or
reject the proposal in admin (an action, and an inline on the planned event). Nothing is
linked without them."""

from datetime import date

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from events.curation import services
from events.ingest import store
from events.ingest.documents import Article
from events.ingest.fulfilments import propose_fulfilments
from events.models import Claim, Event, ProposedFulfilment, ReviewStatus
from tests.factories import make_actor, make_event

pytestmark = pytest.mark.django_db

PLAN = Article(
    origin="plan.txt",
    title="Modi to travel to Russia",
    body="Prime Minister Narendra Modi will visit Russia in July for the annual summit "
    "with President Vladimir Putin.",
    published_on=date(2026, 3, 2),
    date_basis="header",
)


def held(on: str, published_on: date) -> Article:
    return Article(
        origin="held.txt",
        title="Modi and Putin meet",
        body=f"Prime Minister Narendra Modi held talks with President Vladimir Putin in "
        f"Moscow {on} at the annual summit.",
        published_on=published_on,
        date_basis="header",
    )


@pytest.fixture
def directory(db):
    call_command("loaddata", settings.DIPLO_DATASET, verbosity=0)
    return store.ActorDirectory()


def planned_event() -> Event:
    return Event.objects.get(status="planned", review_status="proposed")


def test_a_plan_in_one_article_and_its_fulfilment_in_a_later_one_are_proposed_as_linked(
    directory,
):
    store.ingest_article(PLAN, directory)
    plan = planned_event()
    assert (plan.event_type, plan.date_edtf) == ("CONSULT", "2026-07")

    result = store.ingest_article(held("on Tuesday", date(2026, 7, 10)), directory)

    assert result.fulfilments_proposed == 1
    proposal = ProposedFulfilment.objects.get()
    assert proposal.commitment == plan
    assert (proposal.event.status, proposal.event.date_edtf) == ("occurred", "2026-07-07")
    assert proposal.review_status == ReviewStatus.PROPOSED
    assert "within the plan's window" in proposal.reason
    # Proposed only: no event carries out the plan until a curator says so.
    assert not Event.objects.filter(fulfils__isnull=False).exists()


def test_an_event_outside_the_plans_window_is_not_proposed(directory):
    store.ingest_article(PLAN, directory)
    result = store.ingest_article(held("on 8 September", date(2026, 9, 10)), directory)
    assert result.fulfilments_proposed == 0
    assert not ProposedFulfilment.objects.exists()


def test_claims_carry_the_date_and_status_their_sentence_gives(directory):
    store.ingest_article(PLAN, directory)
    store.ingest_article(held("on Tuesday", date(2026, 7, 10)), directory)
    implied = {
        (claim.status, claim.date_edtf, str(claim.date_lower), str(claim.date_upper))
        for claim in Claim.objects.filter(review_status="proposed", event__event_type="CONSULT")
    }
    assert implied == {
        ("planned", "2026-07", "2026-07-01", "2026-07-31"),
        ("occurred", "2026-07-07", "2026-07-07", "2026-07-07"),
    }


@pytest.fixture
def india_russia():
    return make_actor(country="IN"), make_actor(country="RU")


def plan_and_event(actors, **event_fields) -> tuple[Event, Event]:
    roles = [(actor, "participant") for actor in actors]
    plan = make_event(status="planned", date_edtf="2026-07", actors=roles)
    fields = {"status": "occurred", "date_edtf": "2026-07-07", "actors": roles} | event_fields
    return plan, make_event(**fields)


@pytest.mark.parametrize(
    ("event_fields", "proposed"),
    [
        ({}, 1),
        ({"event_type": "AID"}, 0),  # another type
        ({"date_edtf": "2026-08-01"}, 0),  # after the window
        ({"date_edtf": "2026"}, 0),  # might be outside it
        ({"status": "planned"}, 0),  # not carried out yet
    ],
)
def test_only_an_occurred_event_of_the_plans_type_inside_its_window_is_proposed(
    india_russia, event_fields, proposed
):
    _, event = plan_and_event(india_russia, **event_fields)
    assert propose_fulfilments([event]) == proposed


def test_an_event_of_other_sides_is_not_proposed(india_russia):
    plan_and_event(india_russia)
    china = make_actor(country="CN")
    other = make_event(status="occurred", date_edtf="2026-07-07")
    other.event_actors.create(actor=china, role="participant")
    other.event_actors.create(actor=india_russia[0], role="participant")
    assert propose_fulfilments([other]) == 0


def test_a_decided_pair_is_never_proposed_again_and_the_queries_do_not_grow(
    india_russia, django_assert_num_queries
):
    plan, event = plan_and_event(india_russia)
    assert propose_fulfilments([event]) == 1
    ProposedFulfilment.objects.update(review_status=ReviewStatus.REJECTED)
    more = [plan_and_event(india_russia)[1] for _ in range(3)]
    # The plans, the actors of both, the pairs decided before, and one insert.
    with django_assert_num_queries(4):
        # Four alike plans and events: each event to each plan, but the pair rejected.
        assert propose_fulfilments([event, *more]) == 4 * 4 - 1
    assert not ProposedFulfilment.objects.filter(
        commitment=plan, event=event, review_status=ReviewStatus.PROPOSED
    ).exists()


def test_confirming_links_the_event_and_rejecting_undoes_it(curator, india_russia):
    plan, event = plan_and_event(india_russia)
    propose_fulfilments([event])
    proposals = ProposedFulfilment.objects.all()

    assert services.decide_fulfilments(curator, proposals, confirm=True) == 1
    event.refresh_from_db()
    assert event.fulfils == plan
    assert proposals.get().review_status == ReviewStatus.VERIFIED
    entry = LogEntry.objects.get(object_id=str(event.pk))
    assert entry.change_message == f"Confirmed: carries out {plan.slug}."

    assert services.decide_fulfilments(curator, proposals, confirm=False) == 1
    event.refresh_from_db()
    assert event.fulfils is None
    assert proposals.get().review_status == ReviewStatus.REJECTED


def test_curators_confirm_in_bulk_from_the_proposals_list(client, curator, india_russia):
    plan, event = plan_and_event(india_russia)
    propose_fulfilments([event])
    proposal = ProposedFulfilment.objects.get()
    changelist = reverse("admin:events_proposedfulfilment_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    assert event.title in page.content.decode()

    client.post(changelist, {"action": "confirm", "_selected_action": [proposal.pk]})

    event.refresh_from_db()
    assert event.fulfils == plan


def test_curators_decide_on_the_planned_events_page(client, curator, india_russia):
    plan, event = plan_and_event(india_russia)
    propose_fulfilments([event])
    proposal = ProposedFulfilment.objects.get()
    change = reverse("admin:events_event_change", args=[plan.pk])
    form = client.get(change).context["adminform"].form
    assert event.title in client.get(change).content.decode()

    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"actors", "contexts"}
    }
    data |= {"contexts": '["diplomatic"]', "date_edtf": plan.date_edtf}
    for prefix, rows in (("event_actors", 2), ("claims", 0), ("proposed_fulfilments", 1)):
        data |= {f"{prefix}-TOTAL_FORMS": rows, f"{prefix}-INITIAL_FORMS": rows}
    for number, event_actor in enumerate(plan.event_actors.all()):
        data |= {
            f"event_actors-{number}-id": event_actor.pk,
            f"event_actors-{number}-event": plan.pk,
            f"event_actors-{number}-actor": event_actor.actor_id,
            f"event_actors-{number}-role": event_actor.role,
        }
    data |= {
        "proposed_fulfilments-0-id": proposal.pk,
        "proposed_fulfilments-0-commitment": plan.pk,
        "proposed_fulfilments-0-review_status": "verified",
    }
    response = client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.fulfils == plan
    assert ProposedFulfilment.objects.get().review_status == ReviewStatus.VERIFIED
