"""evaluate_ingest --corpus: a folder of articles with gold events, scored as the devset's."""

import json

import pytest
from django.core.management import CommandError, call_command

from events.ingest.evaluation import evaluate_corpus, same_actor
from events.models import Source

ARTICLE = (
    " date 2021-04-28\n"
    "Prime Minister Narendra Modi and President Vladimir Putin held a telephonic "
    "conversation on Wednesday.\n\nThe weather in the capital was mild.\n"
)


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "001_call.txt").write_text(ARTICLE, encoding="utf-8")
    gold = [
        {
            "file": "001_call.txt",
            "publication_date": "2021-04-28",
            "actors": ["Narendra Modi", "Vladimir Putin", "Ruritania"],
            "events": [
                {
                    "title": "Modi and Putin speak by phone",
                    "date": "2021-04-28",
                    "date_precision": "day",
                    "status": "occurred",
                    "actors": ["Narendra Modi", "Vladimir Putin"],
                    "evidence_quote": "held a telephonic conversation on Wednesday",
                },
                {
                    "title": "An event the text does not report",
                    "date": "2021-04-28",
                    "date_precision": "day",
                    "status": "planned",
                    "actors": ["Narendra Modi"],
                    "evidence_quote": "The weather in the capital was mild.",
                },
            ],
        }
    ]
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


@pytest.mark.django_db
def test_a_corpus_is_scored_per_gold_event_with_the_class_of_each_miss(corpus):
    evaluation = evaluate_corpus(corpus)
    assert evaluation.evidence_recall == (1, 2)
    assert evaluation.date_agreement == (1, 1)
    assert evaluation.actor_recall == (2, 3)
    [article] = evaluation.articles
    assert [event.failure for event in article.events] == ["", "no claim"]
    assert article.missed_actors == ["Ruritania"]
    assert not Source.objects.exists()  # rolled back


@pytest.mark.django_db
def test_the_command_prints_totals_and_misses_and_checks_targets(corpus, capsys):
    with pytest.raises(CommandError, match="evidence recall"):
        call_command("evaluate_ingest", "--corpus", str(corpus), "--misses", "--check")
    out = capsys.readouterr().out
    assert "evidence recall: 0.50 (1/2" in out
    assert "no claim" in out


def test_names_compare_as_the_devset_scorer_does():
    assert same_actor("Vladimir Putin", "Putin, Vladimir V. Putin")
    assert same_actor("S. Jaishankar", "Subrahmanyam Jaishankar")
    assert not same_actor("Fumio Kishida", "Kishida")
    assert not same_actor("India", "Indian Oil Corporation")
