"""`make bench`: Diplo's pages under load, as ratios to a trivial page measured in the same run.

For each database engine and dataset size it builds (or reuses) a database holding the
curated dataset plus `generate_dataset --events N`, starts gunicorn with 2 workers and
DIPLO_DEBUG=0 on 127.0.0.1, warms up, and drives each page with wrk: closed-loop
throughput, p50/p95 latency, and one-request-at-a-time p50. The full CSV export is timed
separately (first byte, total, rows/s) while the workers' memory is sampled.
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
STATIC = ROOT / "static"


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
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


SAMPLE = """
import json
from events.models import Actor, Event, Source
event = Event.objects.verified().filter(slug__startswith="gen-").order_by("pk")[500]
actor = Actor.objects.filter(slug__startswith="gen-").order_by("pk")[20]
source = Source.objects.filter(slug__startswith="gen-").order_by("pk")[100]
print(json.dumps({"events": Event.objects.count(), "event": event.slug,
                  "actor": actor.slug, "source": source.slug}))
"""


def prepare(engine: str, size: int) -> tuple[dict[str, str], dict]:
    """A database with the curated dataset and `size` generated events (reused if present)."""
    url = database_url(engine, size)
    env = environment(url)
    if engine == "postgres":
        exists = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
             f"SELECT 1 FROM pg_database WHERE datname = 'diplo_bench_{size}'"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        if not exists:
            subprocess.run(
                ["createdb", "-h", "127.0.0.1", "-U", "postgres", f"diplo_bench_{size}"], check=True
            )
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
    return env, sample


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "diplo.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
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


def wrk(url: str, connections: int, seconds: float) -> dict:
    threads = min(2, connections)
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "-s", LUA, url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(line for line in done.stdout.splitlines()[::-1] if line.startswith("{"))
    result = json.loads(line)
    result["rps"] = result["requests"] / result["seconds"]
    return result


def fetch(url: str) -> bytes:
    """One whole response, waited for (so no slow request is left running)."""
    with urllib.request.urlopen(url, timeout=600) as response:
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
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
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


def pages(sample: dict) -> dict[str, str]:
    return {
        "baseline": "/bench/baseline",
        "timeline": "/",
        "timeline actor+type": f"/?actor={sample['actor']}&type=CONSULT",
        "timeline date range": "/?from=2015-03&to=2015-09",
        "timeline q": "/?q=summit",
        "timeline page 50": "/?page=50",
        "event page": f"/events/{sample['event']}/",
        "source page": f"/sources/{sample['source']}/",
        "actor page": f"/actors/{sample['actor']}/",
        "events.json": "/events.json",
    }


def run(engine: str, size: int, seconds: float) -> dict:
    print(f"{engine}, {size:,} events", flush=True)
    env, sample = prepare(engine, size)
    server, base = start_server(env)
    try:
        targets = pages(sample)
        cold = {}
        for name, path in targets.items():  # warm up each worker: caches, connections
            started = time.perf_counter()
            fetch(base + path)  # the first request for this page since the server started
            cold[name] = (time.perf_counter() - started) * 1000
            for _ in range(3):
                fetch(base + path)
        results = {}
        for name, path in targets.items():
            loaded = wrk(base + path, 4, seconds)
            single = wrk(base + path, 1, max(seconds / 2, 1))
            results[name] = {
                "path": path,
                "rps": loaded["rps"],
                "p50_ms": loaded["p50_us"] / 1000,
                "p95_ms": loaded["p95_us"] / 1000,
                "single_p50_ms": single["p50_us"] / 1000,
                "cold_ms": cold[name],
                "errors": loaded["errors"] + single["errors"],
            }
            print(f"  {name:22} {loaded['rps']:8.0f} req/s", flush=True)
        baseline = results["baseline"]
        for result in results.values():
            result["rps_ratio"] = result["rps"] / baseline["rps"]
            result["single_p50_ratio"] = result["single_p50_ms"] / baseline["single_p50_ms"]
        csv = time_csv(base, server)
        print(f"  CSV: {csv['rows']:,} rows, {csv['rows_per_s']:,.0f} rows/s", flush=True)
        weight = page_weight(base)
        return {
            "engine": engine,
            "size": size,
            "events": sample["events"],
            "pages": results,
            "csv": csv,
            "weight": weight,
        }
    finally:
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
    runs = [
        run(engine, int(size), args.seconds)
        for engine in args.engines.split(",")
        for size in args.sizes.split(",")
    ]
    checks = [{"target": name, "measured": value, "met": ok} for name, value, ok in targets(runs)]
    (OUT / "results.json").write_text(
        json.dumps({"runs": runs, "targets": checks}, indent=2) + "\n"
    )
    (OUT / "results.md").write_text(markdown(runs) + "\n")
    print(markdown(runs))


if __name__ == "__main__":
    main()
