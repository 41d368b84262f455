"""Readers while the data changes: gunicorn (2 workers, DIPLO_DEBUG=0) on the 100,000-event
databases, readers cycling through filter sets of every kind, first alone, then while a
writer saves an event every second, then while 200 articles are ingested (one transaction
each, as `manage.py ingest` does; removed again afterwards). Reports throughput, p50, p95
and errors per phase, each beside the trivial page's throughput in the same run.

    .venv/bin/python bench/writemix.py --engines sqlite,postgres
"""

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # bench/run.py: databases, servers and wrk

SECONDS = 15
WRITER = """
import time
from events.models import Event
ids = list(Event.objects.order_by("pk").values_list("pk", flat=True)[::997])
for n in range({seconds}):
    Event.objects.get(pk=ids[n % len(ids)]).save()
    time.sleep(1)
"""
INGEST = """
from django.utils import timezone
from events import caching
from events.ingest import store
from devdata.articles import generate_articles
from events.models import Actor, ActorAlias, Claim, Event, EventActor, ReviewStatus, Source
started = timezone.now()
known = set(Actor.objects.values_list("pk", flat=True))
directory = store.ActorDirectory()
for article in generate_articles(200, seed=7):
    store.ingest_article(article, directory)
# Leave the benchmark's database as it was.
sources = Source.objects.filter(ingested_at__gte=started)
events = Event.objects.filter(created_at__gte=started, review_status=ReviewStatus.PROPOSED)
Event.objects.filter(date_claim__source__in=sources).update(date_claim=None)
Claim.actors.through.objects.filter(claim__source__in=sources).delete()
Claim.objects.filter(source__in=sources).delete()
EventActor.objects.filter(event__in=events).delete()
events.delete()
sources.delete()
new_actors = Actor.objects.exclude(pk__in=known)
ActorAlias.objects.filter(actor__in=new_actors).delete()
new_actors.delete()
caching.bump()
"""


def filter_sets(sample: dict) -> list[str]:
    types = ("CONSULT", "AGREE", "COOPERATE", "AID", "SUPPORT", "REQUEST", "STATEMENT")
    words = ("summit", "talks", "energy", "defence", "vaccine", "trade", "visit")
    paths = [f"/?type={t}&status={s}" for t in types for s in ("occurred", "planned")]
    paths += [f"/?from={2000 + n}-0{1 + n % 9}&to={2001 + n}-0{1 + n % 9}" for n in range(20)]
    paths += [f"/?q={word}" for word in words]
    paths += [f"/?actor={slug}" for slug in sample["actor"]]
    paths += [f"/?source={slug}" for slug in sample["source"]]
    paths += [f"/?page={n}" for n in range(1, 11)]
    paths += [f"/events/{slug}/" for slug in sample["event"]]
    return paths


def run_engine(engine: str, size: int) -> list[str]:
    env, sample = run.prepare(engine, size)
    server, base = run.start_server(env)
    lines = [f"### {engine}, {sample['events']:,} events", ""]
    lines += [
        "| phase | req/s | × trivial page | p50 ms | p95 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    try:
        paths = filter_sets(sample)
        for path in paths:
            run.fetch(base + path)  # each worker's first request is not the one measured
        trivial = run.wrk(base, ["/bench/baseline"], 4, 5)
        phases = {"readers alone": None, "a writer saving an event a second": WRITER,
                  "an ingest of 200 articles": INGEST}  # fmt: skip
        for name, script in phases.items():
            side = None
            if script is not None:
                code = script.replace("{seconds}", str(SECONDS + 5))
                side = subprocess.Popen(
                    [run.PYTHON, "manage.py", "shell", "-c", code], cwd=run.ROOT, env=env
                )
            result = run.wrk(base, paths, 4, SECONDS)
            if side is not None:
                side.wait(timeout=900)
                if side.returncode:
                    raise SystemExit(f"{name}: the writer failed")
            lines.append(
                f"| {name} | {result['rps']:.0f} | {result['rps'] / trivial['rps']:.3f} "
                f"| {result['p50_us'] / 1000:.1f} | {result['p95_us'] / 1000:.1f} "
                f"| {result['errors']} |"
            )
            print(lines[-1], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    lines = [line for engine in args.engines.split(",") for line in run_engine(engine, args.size)]
    run.OUT.mkdir(parents=True, exist_ok=True)
    (run.OUT / "writemix.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
