"""Dataset fixtures that round-trip: what `export_dataset` writes, `loaddata` reproduces.

The file uses natural keys only (no primary keys), lists the models in dependency order
and each model's rows sorted by natural key, and renders every value the same way on
SQLite and PostgreSQL, so exporting twice gives the same bytes and an export diffs cleanly
against the curated fixture.
"""

import datetime
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import Q

from events.models import (
    Actor,
    ActorAlias,
    Claim,
    Event,
    EventActor,
    EventRedirect,
    ReviewStatus,
    Source,
)

# Dependency order: each model refers only to models before it, except the references
# loaddata resolves once everything is in (Event.parent and fulfils, Event.date_claim).
DATASET_MODELS: tuple[type[models.Model], ...] = (
    Actor,
    ActorAlias,
    Source,
    Event,
    EventActor,
    Claim,
    EventRedirect,  # merged events' old slugs, so their links survive a reload
)

# References a row keeps its identity without: when the row they point at is not exported
# they are dropped (null, or left out of the list) so the file still loads. Every other
# reference is part of what the row is, and the selection guarantees its target is exported.
DROPPABLE_REFERENCES: dict[type[models.Model], tuple[str, ...]] = {
    Event: ("parent", "fulfils", "date_claim"),
    Claim: ("attributed_to", "actors"),
}

NaturalKey = tuple[Any, ...]


@dataclass(frozen=True)
class DatasetExport:
    """A rendered dataset fixture and what went into it."""

    text: str
    counts: dict[str, int]  # rows per model label ("events.actor"), in file order
    dropped: dict[str, int]  # references dropped, per "model.field" ("event.parent")
    links_left_out: int  # event-actor links of exported events to actors not exported
    claims_left_out: int  # verified claims of events not exported

    @property
    def dropped_total(self) -> int:
        return sum(self.dropped.values())


class FixtureEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but keeping microseconds: loading must give back the same instant."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def dump_dataset(*, include_all: bool = False, using: str = DEFAULT_DB_ALIAS) -> DatasetExport:
    """Render the dataset as fixture text (natural keys, stable order), reading one snapshot.

    By default only the curated part: verified actors with their aliases, verified events
    with their links to exported actors, verified claims that are unassigned or belong to
    an exported event, and the sources those claims quote. A verified claim of an event
    not exported is left out rather than exported unassigned, because its event is part of
    its natural key: unassigned, it would load as a different claim. `include_all` exports
    every row, proposed and rejected ones too.

    References to rows not exported (an event's parent, fulfils or date claim; a claim's
    speaker or mentioned actors) are dropped and counted, so the file always loads.
    """
    with _snapshot(using):
        rows, links_left_out, claims_left_out = _select(include_all, using)
        exported = {
            model: {instance.natural_key() for instance in instances}
            for model, instances in rows.items()
        }
        dropped: Counter[str] = Counter()
        records = []
        for model, instances in rows.items():
            for record in serializers.serialize(
                "python",
                instances,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            ):
                _drop_dangling_references(model, record["fields"], exported, dropped)
                _canonicalize_json_fields(model, record["fields"])
                records.append(record)
    return DatasetExport(
        text=render_records(records),
        counts={model._meta.label_lower: len(instances) for model, instances in rows.items()},
        dropped=dict(sorted(dropped.items())),
        links_left_out=links_left_out,
        claims_left_out=claims_left_out,
    )


def export_dataset(
    path: str | os.PathLike[str], *, include_all: bool = False, using: str = DEFAULT_DB_ALIAS
) -> DatasetExport:
    """Write the dataset fixture to `path` atomically; see dump_dataset for what goes in.

    The file is written next to its destination and renamed over it, so a reader (or a
    crash) never sees half a fixture. Raises OSError when the folder cannot be written.
    """
    export = dump_dataset(include_all=include_all, using=using)
    write_atomically(Path(path), export.text)
    return export


def render_records(records: Sequence[dict[str, Any]]) -> str:
    """Fixture text for serialized records: JSON, indent 2, UTF-8 as is, a final newline."""
    return json.dumps(records, indent=2, ensure_ascii=False, cls=FixtureEncoder) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) through a temporary file in the same folder."""
    descriptor, temporary_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file readable by its owner only; give it the mode a plain
        # open() would have, or keep the mode of the file it replaces.
        temporary.chmod(_file_mode(path))
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """One transaction for all the reads, so concurrent writes cannot tear the export.

    SQLite reads from one snapshot within a transaction; PostgreSQL's default isolation
    does not, so an outermost transaction there is made repeatable read.
    """
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _select(
    include_all: bool, using: str
) -> tuple[dict[type[models.Model], list[models.Model]], int, int]:
    """The rows to export per model, sorted by natural key; and how many links and claims
    the verified-only selection leaves out."""
    actors = Actor.objects.using(using).all()
    events = Event.objects.using(using).all()
    claims = Claim.objects.using(using).all()
    links_left_out = claims_left_out = 0
    if not include_all:
        verified = Q(review_status=ReviewStatus.VERIFIED)
        actors = actors.filter(verified)
        events = events.filter(verified)
        claims = claims.filter(verified)
        exported_event = Q(event__isnull=True) | Q(event__in=events)
        claims_left_out = claims.exclude(exported_event).count()
        claims = claims.filter(exported_event)
    links = EventActor.objects.using(using).filter(event__in=events)
    if not include_all:
        links_left_out = links.exclude(actor__in=actors).count()
        links = links.filter(actor__in=actors)
    aliases = ActorAlias.objects.using(using).filter(actor__in=actors)
    sources = Source.objects.using(using).all()
    if not include_all:
        sources = sources.filter(pk__in=claims.values("source"))

    # select_related/prefetch_related fetch what natural keys read, so the number of
    # queries does not grow with the data.
    querysets: dict[type[models.Model], models.QuerySet] = {
        Actor: actors,
        ActorAlias: aliases.select_related("actor"),
        Source: sources,
        Event: events.select_related(
            "parent", "fulfils", "date_claim__source", "date_claim__event"
        ),
        EventActor: links.select_related("event", "actor"),
        Claim: claims.select_related("source", "event", "attributed_to").prefetch_related("actors"),
        EventRedirect: EventRedirect.objects.using(using)
        .filter(event__in=events)
        .select_related("event"),
    }
    rows = {
        model: sorted(querysets[model], key=lambda row: _sort_key(row.natural_key()))
        for model in DATASET_MODELS
    }
    return rows, links_left_out, claims_left_out


def _sort_key(key: NaturalKey) -> tuple[tuple[bool, Any], ...]:
    # Python's order, not the database's collation, so both engines agree; None first.
    return tuple((part is not None, part) for part in key)


def _drop_dangling_references(
    model: type[models.Model],
    fields: dict[str, Any],
    exported: dict[type[models.Model], set[NaturalKey]],
    dropped: Counter[str],
) -> None:
    """Null references, and thin mention lists, whose target is not exported; count them."""
    for name in DROPPABLE_REFERENCES.get(model, ()):
        field = model._meta.get_field(name)
        targets = exported[field.related_model]
        if field.many_to_many:
            kept = [key for key in fields[name] if tuple(key) in targets]
            missing = len(fields[name]) - len(kept)
            fields[name] = kept
        elif fields[name] is not None and tuple(fields[name]) not in targets:
            missing = 1
            fields[name] = None
        else:
            missing = 0
        if missing:
            dropped[f"{model._meta.model_name}.{name}"] += missing
    for field in model._meta.many_to_many:
        # The serializer lists them in the related model's Meta.ordering (by name, which
        # can tie): sort them by natural key instead. (Event.actors is not among them: it
        # goes through EventActor, exported as rows of its own.)
        if field.name in fields:
            fields[field.name] = sorted(map(tuple, fields[field.name]), key=_sort_key)


def _canonicalize_json_fields(model: type[models.Model], fields: dict[str, Any]) -> None:
    # PostgreSQL's jsonb reorders object keys; sorting them makes both engines write alike.
    for field in model._meta.concrete_fields:
        if isinstance(field, models.JSONField):
            fields[field.name] = _sorted_json(fields[field.name])


def _sorted_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_json(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted_json(item) for item in value]
    return value


@transaction.atomic
def load_dataset(path: Path | None = None, *, only_if_empty: bool = False) -> bool:
    """Load the curated fixture; return False when skipped because sources exist."""
    if only_if_empty and Source.objects.exists():
        return False
    call_command("loaddata", str(path or settings.DIPLO_DATASET), verbosity=0)
    return True
