"""devdata.bulk: plain INSERTs store what bulk_create() stores."""

import pytest
from django.db import connection, transaction
from django.forms.models import model_to_dict

from devdata import bulk
from events.models import Claim, Event, EventActor
from tests.factories import make_actor, make_event, make_source

pytestmark = pytest.mark.django_db


def events(prefix: str) -> list[Event]:
    return [
        Event(slug=f"{prefix}-{n}", title=f"Talks {n}", event_type="CONSULT", contexts=contexts,
              date_edtf=edtf, date_lower=lower, date_upper=upper, date_display=edtf)
        for n, (contexts, edtf, lower, upper) in enumerate([
            (["diplomatic", "economic"], "2021-04-28", "2021-04-28", "2021-04-28"),
            ([], "../2021", None, "2021-12-31"),
        ])
    ]  # fmt: skip


def stored(instance) -> dict:
    row = model_to_dict(type(instance).objects.get(pk=instance.pk))
    return {key: value for key, value in row.items() if key not in {"id", "slug", "actors"}}


def test_inserted_objects_get_their_keys_and_read_back_as_bulk_create_stores_them():
    inserted, created = events("inserted"), events("created")
    bulk.insert_objects(inserted)
    Event.objects.bulk_create(created)

    assert all(event.pk and not event._state.adding for event in inserted)
    assert [stored(event) for event in inserted] == [stored(event) for event in created]
    assert all(event.created_at and event.updated_at for event in Event.objects.all())


def test_keys_come_back_in_order_for_more_rows_than_one_statement_takes():
    source = make_source()
    columns = len(Claim._meta.concrete_fields) - 1
    claims = [
        Claim(source=source, start=0, end=5, quote=source.text[:5], extraction={"n": n})
        # more parameters than one SQLite statement takes (COPY on PostgreSQL has no limit)
        for n in range((connection.features.max_query_params or 65_535) // columns + 1)
    ]
    bulk.insert_objects(claims)
    assert [claim.extraction["n"] for claim in Claim.objects.order_by("pk")] == list(
        range(len(claims))
    )
    assert [claim.pk for claim in claims] == list(
        Claim.objects.order_by("pk").values_list("pk", flat=True)
    )


def test_rows_go_in_as_given():
    event, actor = make_event(), make_actor()
    bulk.insert_rows(
        EventActor, ("event_id", "actor_id", "role"), [(event.pk, actor.pk, "recipient")]
    )
    assert list(EventActor.objects.values_list("event", "actor", "role")) == [
        (event.pk, actor.pk, "recipient")
    ]


def index_names() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        return {
            (table, name)
            for table in ("events_event", "events_claim")
            for name, about in connection.introspection.get_constraints(cursor, table).items()
            if about["index"]
        }


def test_indexes_deferred_for_a_load_are_all_back_after_it():
    before = index_names()
    with transaction.atomic(), bulk.indexes_deferred(Event, Claim):
        during = index_names()
        bulk.insert_objects(events("loaded"))
    assert index_names() == before
    assert during <= before  # PostgreSQL drops those that enforce nothing; SQLite keeps all
    assert Event.objects.filter(slug__startswith="loaded").count() == 2


def test_a_failed_load_keeps_its_indexes():
    before = index_names()
    with pytest.raises(RuntimeError), transaction.atomic(), bulk.indexes_deferred(Event):
        raise RuntimeError("the load failed")
    assert index_names() == before
