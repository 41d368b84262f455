import re
from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import DataError, IntegrityError, OperationalError

from events.ingest import store
from events.ingest.evaluation import evaluate_seeds, load_curated_actors
from events.models import Actor, ActorAlias, Claim, Event, EventActor, Source

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR / "fixtures" / "seeds"


@pytest.fixture
def curated_actors():
    """Only the curated actors and their aliases, as a curator starts ingesting with."""
    load_curated_actors(settings.DIPLO_DATASET)


def ingest(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> tuple[int, ...]:
    models = (Source, Event, Claim, EventActor, Actor, ActorAlias)
    return tuple(model.objects.count() for model in models)


def test_ingesting_the_seeds_proposes_sources_events_and_claims(curated_actors):
    out, _ = ingest(SEEDS)
    assert Source.objects.count() == 3
    assert Claim.objects.count() > 20
    assert set(Event.objects.values_list("review_status", flat=True)) == {"proposed"}
    assert set(Claim.objects.values_list("review_status", flat=True)) == {"proposed"}
    for claim in Claim.objects.select_related("source"):
        assert claim.source.text[claim.start : claim.end] == claim.quote
        assert claim.extraction["type"]["rule"].startswith("lexicon:")
    assert "Summary:" in out and "new events" in out
    undated = Source.objects.get(origin="002_ff038dc2a193e33a.txt")
    assert (undated.published_on, undated.date_basis) == (date(2021, 4, 28), "text")


def test_one_call_reported_by_three_sources_is_one_event(curated_actors):
    ingest(SEEDS)
    calls = Event.objects.filter(event_type="CONSULT", mode="phone", date_lower=date(2021, 4, 28))
    assert calls.count() == 1
    assert calls.get().claims.values("source").distinct().count() == 3


def test_reingesting_changes_nothing_and_says_so(curated_actors):
    ingest(SEEDS)
    before = counts()
    out, _ = ingest(SEEDS / "000_4abf942f532295a6.txt")
    assert counts() == before
    assert "unchanged, the same text is already stored" in out


def test_dry_run_stores_nothing(curated_actors):
    before = counts()
    out, _ = ingest("--dry-run", SEEDS)
    assert counts() == before
    assert "would propose" in out and "Dry run: nothing was stored." in out


def test_published_date_for_files_without_one(curated_actors, tmp_path):
    path = tmp_path / "call.txt"
    path.write_text("President Putin and Prime Minister Modi spoke by phone on Monday.")
    ingest("--published", "2021-05-05", path)
    source = Source.objects.get()
    assert source.published_on == date(2021, 5, 5)
    assert Event.objects.get().date_edtf == "2021-05-03"


def test_verified_events_are_joined_but_never_changed(tmp_path):
    call_command("loaddata", settings.DIPLO_DATASET, verbosity=0)
    call = Event.objects.get(slug="modi-putin-phone-call-2021-04-28")
    before = serializers.serialize("json", [call])
    path = tmp_path / "another-report.txt"
    path.write_text(
        " date 2021-04-29 Prime Minister Narendra Modi held a telephonic conversation with "
        "President Vladimir Putin on Wednesday to discuss the pandemic."
    )
    ingest(path)
    call.refresh_from_db()
    assert serializers.serialize("json", [call]) == before
    assert call.claims.filter(source__origin="another-report.txt").exists()


def test_bad_files_fail_alone_with_a_reason_and_store_nothing(curated_actors, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9")
    (tmp_path / "header.txt").write_bytes(b" date 2021-02-30 Body.")
    (tmp_path / "huge.txt").write_bytes(b"a" * (5 * 1024 * 1024 + 1))
    (tmp_path / "good.txt").write_text(
        " date 2021-04-28 Modi and Putin held talks on Wednesday in New Delhi."
    )
    with pytest.raises(CommandError, match="6 of 7 file"):
        ingest(tmp_path, tmp_path / "missing.txt")
    assert list(Source.objects.values_list("origin", flat=True)) == ["good.txt"]


@pytest.mark.parametrize(
    "refusal",
    [
        OperationalError("database is locked"),  # SQLite's lock wait running out
        DataError("invalid byte sequence for encoding"),  # a value PostgreSQL refuses
        IntegrityError("a constraint the row breaks"),
    ],
    ids=type,
)
def test_a_file_the_database_refuses_fails_alone(curated_actors, tmp_path, monkeypatch, refusal):
    ingest_article = store.ingest_article

    def refused_for_b(article, *args, **kwargs):
        if article.origin == "b.txt":
            raise refusal
        return ingest_article(article, *args, **kwargs)

    monkeypatch.setattr(store, "ingest_article", refused_for_b)
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(
            f" date 2021-04-2{len(name)} Modi met Putin ({name})."
        )
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 3 file"):
        call_command("ingest", str(tmp_path), stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == f"{tmp_path / 'b.txt'}: {refusal}"
    assert sorted(Source.objects.values_list("origin", flat=True)) == ["a.txt", "c.txt"]


def test_a_nul_byte_anywhere_fails_the_file_and_the_others_go_on(curated_actors, tmp_path):
    # Past the first 8 KB, where a look at the start alone would not see it: PostgreSQL
    # refuses the text (and the run stopped there), SQLite stored it.
    body = " date 2021-04-28 Modi and Putin held talks in New Delhi. " + "Trade grew. " * 1000
    (tmp_path / "a.txt").write_bytes(body.encode() + b"\x00 and more.")
    (tmp_path / "b.txt").write_text(" date 2021-04-29 Modi met Putin in Moscow.")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("ingest", str(tmp_path), stdout=StringIO(), stderr=err)
    assert f"a.txt: binary file (a NUL byte at byte {len(body)}), not text" in err.getvalue()
    assert list(Source.objects.values_list("origin", flat=True)) == ["b.txt"]


def test_each_bad_file_gets_one_line_naming_it(curated_actors, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(" date 2021-04-28 Modi and Putin held talks today.")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().strip().splitlines()
    assert lines == [f"{tmp_path / 'empty.txt'}: empty file"]


def test_new_actors_are_proposed_from_title_patterns(curated_actors, tmp_path):
    path = tmp_path / "ministers.txt"
    path.write_text(
        " date 2021-07-08 Russian Foreign Minister Sergey Lavrov held talks with External "
        "Affairs Minister S Jaishankar in Moscow on Thursday."
    )
    ingest(path)
    lavrov = Actor.objects.get(slug="sergey-lavrov")
    assert (lavrov.review_status, lavrov.country) == ("proposed", "RU")
    assert lavrov.aliases.filter(text__iexact="Sergey Lavrov").exists()
    event = Event.objects.get()
    assert {"sergey-lavrov"} <= set(event.actors.values_list("slug", flat=True))


def test_the_seeds_meet_the_evaluation_targets(curated_actors):
    evaluation = evaluate_seeds()
    assert evaluation.share("evidence") >= 0.9
    assert evaluation.share("date_agrees") >= 0.85
    assert evaluation.worst_duplication <= 1
    assert Source.objects.count() == 0  # the evaluation leaves the database as it was


def test_benchmark_command_runs_and_leaves_nothing_behind(curated_actors):
    out = StringIO()
    call_command("benchmark_ingest", "--articles", "5", stdout=out)
    assert "corpus: 5 articles" in out.getvalue()
    assert re.search(r"end to end: [\d.,]+ articles/s", out.getvalue())
    assert Source.objects.count() == 0


def test_evaluate_command_checks_its_targets(curated_actors):
    out = StringIO()
    call_command("evaluate_ingest", "--check", stdout=out)
    assert "evidence recall: " in out.getvalue()  # --check raised if a target was missed
