"""Pages as users meet them: cold (right after a write, or for a filter set never asked
before) beside warm (the same request again), one request at a time, in one process.

Each page variant is requested ROUNDS times in each state and the median kept, beside the
trivial page measured the same way in the same run. "After a write" saves one event
through the ORM (as a curator's edit does) before each request; "new filters" asks a
filter set no request has used. Runs against the databases `make bench` builds (see
run.py's prepare(); they are built here when missing).

    .venv/bin/python bench/cold.py --engines sqlite,postgres --size 100000
"""

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402  (bench/run.py: the databases and their environment)

ROUNDS = 7
COLD_TARGETS = {"timeline": 100, "detail": 20, "json": 50, "admin": 300}  # ms, p50


def measure_engine(engine: str, size: int, only: list[str]) -> dict:
    env, _ = run.prepare(engine, size)
    run.manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "diplo.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connections
    from django.test import Client

    from events.models import Actor, Event, Source

    client = Client(HTTP_HOST="127.0.0.1")
    admin = Client(HTTP_HOST="127.0.0.1")
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    admin.force_login(user)
    generated = Event.objects.filter(slug__startswith="gen-").order_by("pk")
    writable = itertools.cycle(generated.values_list("pk", flat=True)[:: max(1, size // 50)])
    actors = itertools.cycle(Actor.objects.order_by("pk").values_list("slug", flat=True))
    sources = itertools.cycle(Source.objects.order_by("pk").values_list("slug", flat=True))
    events = itertools.cycle(
        generated.filter(review_status="verified").values_list("slug", flat=True)[:: size // 40]
    )
    words = itertools.cycle(
        ["summit", "talks", "energy", "defence", "vaccine", "trade", "oil", "nuclear",
         "visit", "agreement", "minister", "phone", "space", "security", "grain"]
    )  # fmt: skip
    months = itertools.count()
    types = itertools.cycle(["CONSULT", "AGREE", "COOPERATE", "AID", "SUPPORT", "REQUEST"])
    statuses = itertools.cycle(["occurred", "planned", "cancelled"])
    states = itertools.cycle(["kept", "overdue", "pending", "cancelled"])

    def window() -> str:
        n = next(months)
        year, month = 2000 + (n * 7) % 24, 1 + (n * 5) % 12
        return f"from={year}-{month:02d}&to={year + 1}-{month:02d}"

    def write() -> None:
        event = Event.objects.get(pk=next(writable))
        event.save()  # an ordinary edit: signals, triggers and all

    variants = {
        "baseline": ("trivial", lambda: "/bench/baseline"),
        "timeline": ("timeline", lambda: "/"),
        "timeline type+status": (
            "timeline", lambda: f"/?type={next(types)}&status={next(statuses)}"),
        "timeline actor": ("timeline", lambda: f"/?actor={next(actors)}"),
        "timeline source": ("timeline", lambda: f"/?source={next(sources)}"),
        "timeline date window": ("timeline", lambda: f"/?{window()}"),
        "timeline q": ("timeline", lambda: f"/?q={next(words)}"),
        "timeline page 50": ("timeline", lambda: "/?page=50"),
        "worst q": ("worst", lambda: "/?q=" + "+".join(
            ["a"] * 40 + [next(words) for _ in range(40)])[:200].rsplit("+", 1)[0]),
        "worst filters": ("worst", lambda: "/?" + "&".join(
            [f"type={t}" for t in ("CONSULT", "AGREE", "COOPERATE", "AID", "SUPPORT",
                                   "REQUEST", "STATEMENT", "ACCUSE", "PROTEST")]
            + [f"status={s}" for s in ("occurred", "planned", "cancelled")]
            + [f"context={c}" for c in ("economic", "diplomatic", "military", "health")]
            # Anonymous, as a public request: review status no wider than verified.
            + ["review=verified"]
            + [f"actor={next(actors)}" for _ in range(30)]
            + [f"source={next(sources)}" for _ in range(30)]
            + ["from=2000", "to=2026", f"q={next(words)}+{next(words)}+{next(words)}"])),
        "timeline disputed": ("timeline", lambda: f"/?disputed=1&type={next(types)}"),
        "timeline pair": ("timeline", lambda: f"/?actor={next(actors)}&with={next(actors)}"),
        "relations India-Russia": ("timeline", lambda: "/relations/india/russia/"),
        "relations pair": ("timeline", lambda: f"/relations/{next(actors)}/{next(actors)}/"),
        "commitments": ("timeline", lambda: "/commitments/"),
        "commitments state+actor": (
            "timeline", lambda: f"/commitments/?state={next(states)}&actor={next(actors)}"),
        "commitments window": ("timeline", lambda: f"/commitments/?{window()}"),
        "commitments.json": ("json", lambda: "/commitments.json"),
        "event page": ("detail", lambda: f"/events/{next(events)}/"),
        "source page": ("detail", lambda: f"/sources/{next(sources)}/"),
        "actor page": ("detail", lambda: f"/actors/{next(actors)}/"),
        "events.json": ("json", lambda: "/events.json"),
        "admin events": ("admin", lambda: "/admin/events/event/"),
        "admin events filtered": (
            "admin", lambda: f"/admin/events/event/?review_status__exact=proposed"
                             f"&event_type__exact={next(types)}"),
        "admin events search": ("admin", lambda: f"/admin/events/event/?q={next(words)}"),
        "admin claims": ("admin", lambda: "/admin/events/claim/"),
        "admin claims search": ("admin", lambda: f"/admin/events/claim/?q={next(words)}"),
    }  # fmt: skip

    def timed(path: str) -> float:
        agent = admin if path.startswith("/admin/") else client
        started = time.perf_counter()
        response = agent.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        return elapsed

    results = {}
    for name, (kind, path_of) in variants.items():
        if only and name != "baseline" and not any(word in name for word in only):
            continue
        cold, fresh, warm = [], [], []
        for _ in range(ROUNDS):
            path = path_of()
            write()
            cold.append(timed(path))  # after a write, for a filter set maybe seen before
            fresh.append(timed(path_of()))  # a filter set never asked (same data)
            warm.append(timed(path))  # the same request again
        results[name] = {
            "kind": kind,
            "after_write_ms": statistics.median(cold),
            "new_filters_ms": statistics.median(fresh),
            "warm_ms": statistics.median(warm),
        }
        print(
            f"  {name:24} after a write {results[name]['after_write_ms']:8.1f}  "
            f"new filters {results[name]['new_filters_ms']:8.1f}  "
            f"warm {results[name]['warm_ms']:8.1f} ms",
            flush=True,
        )
    cache.clear()
    connections.close_all()
    return results


def table(engine: str, size: int, results: dict) -> str:
    baseline = results["baseline"]["warm_ms"]
    lines = [
        f"### {engine}, {size:,} events: p50 ms, one request at a time (× the trivial page)",
        "",
        "| page | after a write | new filters | warm | cold target |",
        "|---|---:|---:|---:|---:|",
    ]
    met = True
    for name, row in results.items():
        cold = max(row["after_write_ms"], row["new_filters_ms"])
        target = COLD_TARGETS.get(row["kind"])
        ok = target is None or cold <= target
        met &= ok
        lines.append(
            f"| {name} | {row['after_write_ms']:.1f} ({row['after_write_ms'] / baseline:.0f}×) "
            f"| {row['new_filters_ms']:.1f} ({row['new_filters_ms'] / baseline:.0f}×) "
            f"| {row['warm_ms']:.1f} ({row['warm_ms'] / baseline:.0f}×) "
            f"| {'' if target is None else f'≤ {target}' + ('' if ok else ' **missed**')} |"
        )
    # Every public page anyone can ask for, the constructed ones among them.
    public = {
        name: max(row["after_write_ms"], row["new_filters_ms"])
        for name, row in results.items()
        if row["kind"] in ("timeline", "detail", "json", "worst")
    }
    median = statistics.median(public.values())
    worst = max(public, key=public.get)
    lines.append("")
    lines.append(f"Cold targets {'met' if met else 'missed'}.")
    lines.append(
        f"Costliest public request, cold: {worst} at {public[worst]:.1f} ms, "
        f"{public[worst] / median:.1f}× the median cold public page ({median:.1f} ms; "
        "target ≤ 10×)."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument(
        "--only", action="append", default=[], metavar="WORDS",
        help="measure only the pages whose name holds WORDS (and the trivial page); repeatable",
    )  # fmt: skip
    args = parser.parse_args()
    engines = args.engines.split(",")
    if len(engines) > 1:
        # Django is set up once per process: each engine runs in a process of its own.
        import subprocess

        for engine in engines:
            subprocess.run(
                [sys.executable, __file__, "--engines", engine, "--size", str(args.size)]
                + [f"--only={words}" for words in args.only],
                check=True,
            )
        return
    engine = engines[0]
    print(f"{engine}, {args.size:,} events", flush=True)
    results = measure_engine(engine, args.size, args.only)
    if not args.only:  # what make bench reports from
        run.OUT.mkdir(parents=True, exist_ok=True)
        (run.OUT / f"cold-{engine}-{args.size}.json").write_text(json.dumps(results, indent=2))
    print(table(engine, args.size, results))


if __name__ == "__main__":
    main()
