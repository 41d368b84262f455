"""`make bench`: Diplo's pages under load, as ratios to a trivial page measured in the same run.

For each database engine it builds (or reuses) a database per dataset size, holding the
curated dataset plus `generate_dataset --events N`, starts gunicorn with 2 workers and
DIPLO_DEBUG=0 on 127.0.0.1 against each, warms up, and drives each page with wrk:
closed-loop throughput, p50/p95 latency, and one-request-at-a-time p50. The sizes' servers
are measured turn about, page by page, so a drift in the machine's speed falls on both
sides of a growth figure; the event, source and actor pages cycle through events, sources
and actors spread over the whole table. The full CSV export is timed separately (first
byte, total, rows/s) while the workers' memory is sampled.
Results: var/bench/results.json and var/bench/results.md.
"""

import argparse
import gzip
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
LUA = str(ROOT / "bench" / "percentiles.lua")
# Collected static files of its own: rewriting var/static under a running server or test
# would pull files from under it.
STATIC = OUT / "static"


def database_url(engine: str, size: int) -> str:
    if engine == "sqlite":
        return f"sqlite:///{OUT / f'bench-{size}.sqlite3'}"
    return f"postgres://postgres@127.0.0.1:5432/diplo_bench_{size}"


def environment(url: str) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": url,
        "DIPLO_DEBUG": "0",
        "DIPLO_SECRET_KEY": "benchmark-only-not-a-secret-benchmark-only-not-a-secret",
        "DIPLO_ALLOWED_HOSTS": "127.0.0.1",
        "DIPLO_BENCH": "1",
        "DIPLO_HTTPS": "0",  # plain HTTP on the loopback: no redirect to HTTPS
        "DIPLO_STATIC_ROOT": str(STATIC),
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


SAMPLED = 20  # events, sources and actors whose pages are cycled through
SAMPLE = f"""
import json
from events.models import Actor, Event, Source

def spread(queryset):
    generated = queryset.filter(slug__startswith="gen-").order_by("pk")
    slugs = list(generated.values_list("slug", flat=True))
    return [slugs[len(slugs) * (2 * n + 1) // (2 * {SAMPLED})] for n in range({SAMPLED})]

print(json.dumps({{"events": Event.objects.count(), "event": spread(Event.objects.verified()),
                  "actor": spread(Actor.objects), "source": spread(Source.objects)}}))
"""


def prepare(engine: str, size: int) -> tuple[dict[str, str], dict]:
    """A database with the curated dataset and `size` generated events (reused if present)."""
    url = database_url(engine, size)
    env = environment(url)
    if engine == "postgres":
        create_database(f"diplo_bench_{size}")
    manage(env, "migrate", "--no-input")
    try:
        sample = json.loads(manage(env, "shell", "-c", SAMPLE).strip().splitlines()[-1])
    except subprocess.CalledProcessError:
        sample = {"events": 0}
    if sample["events"] < size:
        print(f"  generating {size:,} events on {engine}…", flush=True)
        manage(env, "load_dataset", "--if-empty")
        manage(env, "generate_dataset", "--clear", "--events", str(size), "--seed", "1")
        sample = json.loads(manage(env, "shell", "-c", SAMPLE).strip().splitlines()[-1])
    if engine == "postgres":
        # What autovacuum does in time: the visibility map lets index-only scans skip the
        # table, which a database loaded a minute ago lacks.
        subprocess.run(
            ["vacuumdb", "-h", "127.0.0.1", "-U", "postgres", "--analyze", "--quiet",
             f"diplo_bench_{size}"],
            check=True,
        )  # fmt: skip
    return env, sample


def create_database(name: str) -> None:
    """The PostgreSQL database of this name on 127.0.0.1, created if missing."""
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def stop(process: subprocess.Popen) -> None:
    """Terminate, then kill what has not stopped within 40 s."""
    process.terminate()
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str], *options: str) -> tuple[subprocess.Popen, str]:
    """gunicorn as `make serve` starts it (diplo/gunicorn.conf.py: 2 workers of 32 threads),
    `options` overriding the settings file; the server and its address."""
    # With debug off, pages link to the hashed names collectstatic writes.
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "-c", "diplo/gunicorn.conf.py", *options, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not answer /healthz")


def wrk(base: str, paths: list[str], connections: int, seconds: float) -> dict:
    """Closed-loop load on `paths`, requested in turn."""
    threads = min(2, connections)
    cycled = ["--", *paths] if len(paths) > 1 else []
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "-s", LUA,
         base + paths[0], *cycled],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(line for line in done.stdout.splitlines()[::-1] if line.startswith("{"))
    result = json.loads(line)
    result["rps"] = result["requests"] / result["seconds"]
    return result


def fetch(url: str) -> bytes:
    """One whole response, waited for (so no slow request is left running)."""
    with urllib.request.urlopen(url, timeout=600) as response:
        if response.url != url:  # wrk would count the redirect as an answer
            raise SystemExit(f"{url} redirects to {response.url}: the benchmark measures pages")
        return response.read()


def page_weight(base: str) -> dict:
    """The timeline's first page in bytes, and its CSS and JS gzipped (as served compressed)."""
    html = fetch(base + "/").decode()
    assets = re.findall(r'<(?:link rel="stylesheet" href|script src)="/static/([^"]+)"', html)
    compressed = sum(len(gzip.compress((STATIC / asset).read_bytes(), 9)) for asset in assets)
    return {
        "timeline_html_kb": len(html.encode()) / 1024,
        "css_js_gzip_kb": compressed / 1024,
        "assets": assets,
    }


def worker_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_kb(pid: int) -> int:
    """The process's own resident memory: its anonymous pages. Not VmRSS, which also
    counts the database file's pages once for each SQLite connection mapping them (a
    threaded worker holds one connection a thread), though they are the same pages."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1])
    return 0


def time_csv(base: str, server: subprocess.Popen) -> dict:
    """First byte, total time, rows/s, and the workers' memory growth for the full CSV."""
    pids = worker_pids(server)
    before = {pid: rss_kb(pid) for pid in pids}
    peak = dict(before)
    sampling = True

    def sample() -> None:
        while sampling:
            for pid in pids:
                peak[pid] = max(peak[pid], rss_kb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    rows = 0
    with urllib.request.urlopen(base + "/events.csv", timeout=600) as response:
        first = response.read(1)
        first_byte = time.perf_counter() - started
        rows = first.count(b"\n")
        while chunk := response.read(1 << 16):
            rows += chunk.count(b"\n")
    total = time.perf_counter() - started
    sampling = False
    sampler.join()
    growth = max(peak[pid] - before[pid] for pid in pids)
    return {
        "rows": rows - 1,
        "first_byte_ms": first_byte * 1000,
        "total_s": total,
        "rows_per_s": (rows - 1) / total,
        "worker_memory_growth_mb": growth / 1024,
    }


def pages(sample: dict) -> dict[str, list[str]]:
    actor = sample["actor"][SAMPLED // 2]
    return {
        "baseline": ["/bench/baseline"],
        "timeline": ["/"],
        "timeline actor+type": [f"/?actor={actor}&type=CONSULT"],
        "timeline date range": ["/?from=2015-03&to=2015-09"],
        "timeline q": ["/?q=summit"],
        "timeline page 50": ["/?page=50"],
        "event page": [f"/events/{slug}/" for slug in sample["event"]],
        "source page": [f"/sources/{slug}/" for slug in sample["source"]],
        "actor page": [f"/actors/{slug}/" for slug in sample["actor"]],
        "events.json": ["/events.json"],
    }


SINGLE_ROUNDS = 3  # one-at-a-time runs a page gets per size, turn about; the median is kept


def warm_up(base: str, targets: dict[str, list[str]]) -> dict[str, float]:
    """Each page's first (cold) request in ms; then enough requests that both workers hold
    every path's cached parts."""
    cold = {}
    for name, paths in targets.items():
        started = time.perf_counter()
        fetch(base + paths[0])  # the first request for this page since the server started
        cold[name] = (time.perf_counter() - started) * 1000
        for path in paths:
            for _ in range(4):
                fetch(base + path)
    return cold


def measure(servers: dict[int, str], targets: dict[int, list[str]], seconds: float) -> dict:
    """One page at every size: under load, then one at a time in rounds, turn about."""
    loaded = {size: wrk(base, targets[size], 4, seconds) for size, base in servers.items()}
    singles: dict[int, list[dict]] = {size: [] for size in servers}
    for _ in range(SINGLE_ROUNDS):
        for size, base in servers.items():
            singles[size].append(wrk(base, targets[size], 1, 1))
    measured = {}
    for size in servers:
        p50s = sorted(single["p50_us"] for single in singles[size])
        measured[size] = {
            "paths": targets[size],
            "rps": loaded[size]["rps"],
            "p50_ms": loaded[size]["p50_us"] / 1000,
            "p95_ms": loaded[size]["p95_us"] / 1000,
            "single_p50_ms": p50s[len(p50s) // 2] / 1000,
            "errors": loaded[size]["errors"] + sum(single["errors"] for single in singles[size]),
        }
    return measured


def run_engine(engine: str, sizes: list[int], seconds: float) -> list[dict]:
    """Every page at every size of one engine."""
    print(engine, ", ".join(f"{size:,}" for size in sizes), "events", flush=True)
    prepared = {size: prepare(engine, size) for size in sizes}
    servers: dict[int, tuple[subprocess.Popen, str]] = {}
    try:
        for size, (env, _) in prepared.items():
            servers[size] = start_server(env)
        bases = {size: base for size, (_, base) in servers.items()}
        targets = {size: pages(sample) for size, (_, sample) in prepared.items()}
        cold = {size: warm_up(bases[size], targets[size]) for size in sizes}
        results: dict[int, dict[str, dict]] = {size: {} for size in sizes}
        for name in targets[sizes[0]]:
            measured = measure(bases, {size: targets[size][name] for size in sizes}, seconds)
            for size, result in measured.items():
                results[size][name] = result | {"cold_ms": cold[size][name]}
            shown = "  ".join(f"{measured[size]['rps']:7.0f}" for size in sizes)
            print(f"  {name:22} req/s {shown}", flush=True)
        runs = []
        for size, (server, base) in servers.items():
            baseline = results[size]["baseline"]
            for result in results[size].values():
                result["rps_ratio"] = result["rps"] / baseline["rps"]
                result["single_p50_ratio"] = result["single_p50_ms"] / baseline["single_p50_ms"]
            csv = time_csv(base, server)
            print(f"  {size:,}: CSV {csv['rows']:,} rows, {csv['rows_per_s']:,.0f} rows/s")
            runs.append(
                {
                    "engine": engine,
                    "size": size,
                    "events": prepared[size][1]["events"],
                    "pages": results[size],
                    "csv": csv,
                    "weight": page_weight(base),
                }
            )
        return runs
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait(timeout=30)


TIMELINE_PAGES = (
    "timeline", "timeline actor+type", "timeline date range", "timeline q", "timeline page 50",
)  # fmt: skip
DETAIL_PAGES = ("event page", "source page", "actor page", "events.json")
TIMELINE_RPS = {"postgres": 0.04, "sqlite": 0.03}  # of the baseline's throughput
TIMELINE_ALONE = 15  # one at a time, p50 at most this many times the baseline's
DETAIL_RPS = 0.08
GROWTH = 1.5  # p50 (one at a time) at 100,000 events over p50 at 10,000
CSV_ROWS_PER_S, CSV_FIRST_BYTE_MS, CSV_MEMORY_MB = 50_000, 50, 100
HTML_KB, ASSETS_KB = 150, 60


def targets(runs: list[dict]) -> list[tuple[str, str, bool]]:
    """Issue 6's targets, checked at the largest size run for each engine."""
    checks = []

    def at_most(name: str, value: float, limit: float, shown: str = "{:.1f}") -> None:
        checks.append((f"{name} ≤ {limit:,}", shown.format(value), value <= limit))

    def at_least(name: str, value: float, limit: float, shown: str = "{:.3f}") -> None:
        checks.append((f"{name} ≥ {limit:,}", shown.format(value), value >= limit))

    for engine in dict.fromkeys(run_["engine"] for run_ in runs):
        by_size = {run_["size"]: run_ for run_ in runs if run_["engine"] == engine}
        largest = by_size[max(by_size)]
        label = f"{engine} {largest['events']:,}:"
        measured = largest["pages"]
        for name in TIMELINE_PAGES:
            at_least(
                f"{label} {name}, × baseline req/s",
                measured[name]["rps_ratio"],
                TIMELINE_RPS[engine],
            )
            at_most(
                f"{label} {name}, alone p50 × baseline",
                measured[name]["single_p50_ratio"],
                TIMELINE_ALONE,
            )
        for name in DETAIL_PAGES:
            at_least(f"{label} {name}, × baseline req/s", measured[name]["rps_ratio"], DETAIL_RPS)
        if len(by_size) > 1:
            smallest = by_size[min(by_size)]
            for name in (*TIMELINE_PAGES, *DETAIL_PAGES):
                growth = measured[name]["single_p50_ms"] / smallest["pages"][name]["single_p50_ms"]
                at_most(
                    f"{label} {name}, alone p50 ÷ at {smallest['events']:,}",
                    growth,
                    GROWTH,
                    "{:.2f}",
                )
        csv, weight = largest["csv"], largest["weight"]
        at_least(f"{label} CSV rows/s", csv["rows_per_s"], CSV_ROWS_PER_S, "{:,.0f}")
        at_most(f"{label} CSV first byte, ms", csv["first_byte_ms"], CSV_FIRST_BYTE_MS)
        at_most(
            f"{label} CSV worker memory growth, MB", csv["worker_memory_growth_mb"], CSV_MEMORY_MB
        )
        at_most(f"{label} timeline HTML, KB", weight["timeline_html_kb"], HTML_KB)
        at_most(f"{label} CSS + JS gzipped, KB", weight["css_js_gzip_kb"], ASSETS_KB)
    return checks


def markdown(runs: list[dict]) -> str:
    lines = []
    for run_ in runs:
        lines += [
            f"### {run_['engine']}, {run_['events']:,} events",
            "",
            "| page | req/s | × baseline | p50 ms | p95 ms | alone p50 ms | × baseline "
            "| first (cold) ms | errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]  # fmt: skip
        for name, page in run_["pages"].items():
            lines.append(
                f"| {name} | {page['rps']:.0f} | {page['rps_ratio']:.3f} | {page['p50_ms']:.1f} "
                f"| {page['p95_ms']:.1f} | {page['single_p50_ms']:.1f} "
                f"| {page['single_p50_ratio']:.1f} | {page['cold_ms']:.0f} | {page['errors']} |"
            )
        csv = run_["csv"]
        lines += [
            "",
            f"CSV export: {csv['rows']:,} rows, first byte {csv['first_byte_ms']:.0f} ms, "
            f"total {csv['total_s']:.2f} s, {csv['rows_per_s']:,.0f} rows/s, worker memory "
            f"growth {csv['worker_memory_growth_mb']:.1f} MB",
            "",
            f"Page weight: timeline HTML {run_['weight']['timeline_html_kb']:.1f} KB, "
            f"CSS + JS {run_['weight']['css_js_gzip_kb']:.1f} KB gzipped",
            "",
        ]
    checks = targets(runs)
    lines += [
        f"### Targets: {sum(ok for *_, ok in checks)} of {len(checks)} met",
        "",
        "| target | measured | met |",
        "|---|---:|:---:|",
        *(f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in checks),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seconds", type=float, default=5.0, help="per page, under load")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [int(size) for size in args.sizes.split(",")]
    runs = [
        run_
        for engine in args.engines.split(",")
        for run_ in run_engine(engine, sizes, args.seconds)
    ]
    checks = [{"target": name, "measured": value, "met": ok} for name, value, ok in targets(runs)]
    (OUT / "results.json").write_text(
        json.dumps({"runs": runs, "targets": checks}, indent=2) + "\n"
    )
    (OUT / "results.md").write_text(markdown(runs) + "\n")
    print(markdown(runs))


if __name__ == "__main__":
    main()
