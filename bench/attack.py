"""`make attack`: what slow and hostile clients cost the server, measured (issue 15).

Stalled readers. On bench/run.py's 100,000-event database for each engine (built or
reused), gunicorn runs as `make serve` runs it (diplo/gunicorn.conf.py, 2 workers), and
again with the sync workers it ran before (the same file with `--worker-class sync`).
2, then 20 connections ask for /events.jsonl with a small receive buffer and read nothing;
meanwhile /healthz and / are requested one at a time, ROUNDS times each, each given
PROBE_TIMEOUT seconds. Then how long one stalled reader keeps a server of one worker and
one thread from answering /healthz: the time the server holds a client that stopped.

Large files. `manage.py ingest --dry-run` of pathological articles of a few MB (one
paragraph of short sentences naming leaders, one sentence with no end), timed and stopped
after --ingest-limit seconds. An admin upload runs the same pipeline inside its request.

A measuring tool, not a test: it prints a markdown table and writes var/attack/results.md
and results.json.
"""

import argparse
import json
import random
import select
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from run import PYTHON, ROOT, prepare, start_server, stop

OUT = ROOT / "var" / "attack"
SIZE = 100_000
ROUNDS = 3
PROBE_TIMEOUT = 5.0  # seconds; a probe not answered by then counts as unanswered
HOLD_LIMIT = 60.0  # seconds one stalled reader is watched for
RECEIVE_BUFFER = 4096  # the stalled clients' (Linux doubles it)
STALLED_COUNTS = (2, 20)

# Options after the settings file override it: the sync workers are what `make serve` ran
# before issue 15 (threads 1, or gunicorn would switch to its threaded worker).
SERVERS = {
    "sync (before)": ["--worker-class", "sync", "--threads", "1"],
    "gthread (now)": [],
}


def stall(base: str, count: int) -> list[socket.socket]:
    """`count` connections that have asked for the JSONL export and will read nothing."""
    host, port = base.removeprefix("http://").split(":")
    readers = []
    for _ in range(count):
        reader = socket.socket()
        reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        reader.connect((host, int(port)))
        reader.sendall(f"GET /events.jsonl HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        readers.append(reader)
    return readers


def answered(readers: list[socket.socket], seconds: float) -> int:
    """How many readers have response bytes waiting (looked at, not read), once all have or
    `seconds` have passed."""
    deadline = time.monotonic() + seconds
    waiting = set(readers)
    while waiting and (remaining := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select(list(waiting), [], [], remaining)
        waiting -= set(ready)
    return len(readers) - len(waiting)


def probe(url: str, timeout: float = PROBE_TIMEOUT) -> float | None:
    """Seconds until the whole answer, or None if there was none within `timeout`."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
    except (TimeoutError, urllib.error.URLError, ConnectionError):
        return None
    return time.perf_counter() - started


def latencies(base: str) -> dict[str, list[float | None]]:
    times: dict[str, list[float | None]] = {"/healthz": [], "/": []}
    for _ in range(ROUNDS):
        for path in times:
            times[path].append(probe(base + path))
    return times


def stalled_readers(env: dict[str, str], options: list[str]) -> list[dict]:
    server, base = start_server(env, *options)
    rows = []
    try:
        for _ in range(2):  # both workers' caches warm, as on a server in use
            for path in ("/", "/healthz"):
                probe(base + path, timeout=60)
        for count in STALLED_COUNTS:
            readers = stall(base, count)
            try:
                started = answered(readers, seconds=10)
                rows.append({"stalled": count, "answered": started, **latencies(base)})
            finally:
                for reader in readers:
                    reader.close()
            # What the stalled readers left queued is served before the next round.
            probe(base + "/healthz", timeout=60)
    finally:
        stop(server)
    return rows


def held(env: dict[str, str], options: list[str]) -> float | None:
    """Seconds one stalled reader keeps a server of one worker and one thread from answering
    /healthz (None: still not answered after HOLD_LIMIT)."""
    one = env | {"WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "1"}
    server, base = start_server(one, *options)
    try:
        readers = stall(base, 1)
        try:
            answered(readers, seconds=10)
            started = time.perf_counter()
            if probe(base + "/healthz", timeout=HOLD_LIMIT) is None:
                return None
            return time.perf_counter() - started
        finally:
            readers[0].close()
    finally:
        stop(server)


# Pathological articles: the names are the curated dataset's, so ingest finds actors.
LEADERS = ["Narendra Modi", "Vladimir Putin", "the Kremlin", "India", "Russia"]
FILLER = ["the", "minister", "said", "that", "talks", "on", "trade", "would", "go", "on"]


def pathological_articles(folder: Path) -> dict[str, Path]:
    rng = random.Random(1)
    header = " date 2021-04-28\n"

    def paragraph(size: int) -> str:
        sentences, length = [], 0
        while length < size:
            sentence = (
                f"{rng.choice(LEADERS)} met {rng.choice(LEADERS)} on {rng.randint(1, 28)} "
                "April 2021 and they agreed to hold talks."
            )
            sentences.append(sentence)
            length += len(sentence) + 1
        return " ".join(sentences)

    def endless_sentence(size: int) -> str:
        words, length = [], 0
        while length < size:
            word = rng.choice(LEADERS) if rng.random() < 0.1 else rng.choice(FILLER)
            words.append(word)
            length += len(word) + 1
        return " ".join(words)

    articles = {
        "one paragraph of short sentences, 64 KB": paragraph(64 * 1024),
        "one paragraph of short sentences, 256 KB": paragraph(256 * 1024),
        "one paragraph of short sentences, 4 MB": paragraph(4 * 1024 * 1024),
        "one sentence without an end, 4 MB": endless_sentence(4 * 1024 * 1024),
    }
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for number, (name, body) in enumerate(articles.items()):
        paths[name] = folder / f"article-{number}.txt"
        paths[name].write_text(header + body + "\n", encoding="utf-8")
    return paths


def ingest(env: dict[str, str], path: Path, limit: float) -> dict:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [PYTHON, "manage.py", "ingest", "--dry-run", str(path)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=limit,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"seconds": None, "outcome": f"stopped after {limit:.0f} s"}
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return {"seconds": seconds, "outcome": f"exit {done.returncode}"}
    # Its first line: "<path>: would propose N claim(s), …".
    return {"seconds": seconds, "outcome": done.stdout.splitlines()[0].split(": ", 1)[-1]}


def shown(times: list[float | None]) -> str:
    """Median and slowest answer in ms, and how many got none."""
    answers = [time for time in times if time is not None]
    missed = len(times) - len(answers)
    if not answers:
        return f"none in {PROBE_TIMEOUT:.0f} s ({missed} of {len(times)})"
    text = f"{statistics.median(answers) * 1000:.0f} / {max(answers) * 1000:.0f}"
    return text + (f", {missed} of {len(times)} unanswered" if missed else "")


def markdown(results: list[dict]) -> str:
    lines = [
        "# Attack",
        "",
        f"## Stalled readers of /events.jsonl ({SIZE:,} events, 2 workers)",
        "",
        f"/healthz and / while they stall: median / slowest answer in ms over {ROUNDS} "
        f"requests, each given {PROBE_TIMEOUT:.0f} s.",
        "",
        "| engine | server | stalled | answered | /healthz | / |",
        "|---|---|---:|---:|---|---|",
    ]
    for result in results:
        for name, rows in result["stalled"].items():
            lines += [
                f"| {result['engine']} | {name} | {row['stalled']} | {row['answered']} "
                f"| {shown(row['/healthz'])} | {shown(row['/'])} |"
                for row in rows
            ]
    lines += [
        "",
        "## How long the server holds a client that stopped reading",
        "",
        "One stalled reader of /events.jsonl, one worker with one thread: seconds until "
        "/healthz is answered.",
        "",
        "| engine | server | seconds |",
        "|---|---|---:|",
    ]
    for result in results:
        for name, seconds in result["held"].items():
            value = f"> {HOLD_LIMIT:.0f}" if seconds is None else f"{seconds:.1f}"
            lines.append(f"| {result['engine']} | {name} | {value} |")
    lines += [
        "",
        "## Large articles through ingest (`manage.py ingest --dry-run`)",
        "",
        "| engine | article | seconds | outcome |",
        "|---|---|---:|---|",
    ]
    for result in results:
        for name, run_ in result["ingest"].items():
            seconds = "–" if run_["seconds"] is None else f"{run_['seconds']:.1f}"
            lines.append(f"| {result['engine']} | {name} | {seconds} | {run_['outcome']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--servers", default=",".join(SERVERS), help="default: both")
    parser.add_argument("--ingest-limit", type=float, default=60.0, help="seconds per article")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    articles = pathological_articles(OUT / "articles")
    results = []
    for engine in args.engines.split(","):
        print(f"{engine}: {SIZE:,} events", flush=True)
        env, _ = prepare(engine, SIZE)
        result = {"engine": engine, "stalled": {}, "held": {}, "ingest": {}}
        for name in args.servers.split(","):
            result["stalled"][name] = stalled_readers(env, SERVERS[name])
            result["held"][name] = held(env, SERVERS[name])
            print(f"  {name}: done", flush=True)
        for name, path in articles.items():
            result["ingest"][name] = ingest(env, path, args.ingest_limit)
            print(f"  {name}: {result['ingest'][name]['outcome']}", flush=True)
        results.append(result)
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (OUT / "results.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))
    print(f"Results: {OUT / 'results.md'}")


if __name__ == "__main__":
    main()
