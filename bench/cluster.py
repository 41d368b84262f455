"""Diplo past one machine, on this one: app servers and an ingest worker sharing one
PostgreSQL database and one Redis, as docs/scaling.md describes them.

    make cluster                 two app servers and a worker over the curated dataset,
                                 each with a line saying where it listens; Ctrl-C stops all
    bench/cluster.py --measure   the throughput of one app server against two, both over
                                 the 100,000-event benchmark database (bench/run.py)

Every process is configured as production is (debug off, DIPLO_CACHE_URL, DIPLO_TASKS=
database) except for plain HTTP on the loopback. tests/system/test_cluster.py starts the same
topology through `cluster()`.
"""

import argparse
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402  (bench/run.py: servers, wrk, the benchmark databases)

DATABASE = "postgres://postgres@127.0.0.1:5432/diplo_cluster"
CACHE = "redis://127.0.0.1:6379/1"
# Each thread of each worker keeps a connection: 2 servers x 2 workers x 32 threads (the
# default) is more than PostgreSQL's 100 max_connections, and pages answered 503 once the
# threads that had served a request reached it. 8 threads: 32 connections for the servers.
THREADS = "8"


def environment(database: str, cache: str, static: Path) -> dict[str, str]:
    """What every process of the cluster shares: one database, one cache, one secret key
    (a session or CSRF token made by one server is good on the other)."""
    return os.environ | {
        "DATABASE_URL": database,
        "DIPLO_CACHE_URL": cache,
        "DIPLO_TASKS": "database",
        "DIPLO_DEBUG": "0",
        "DIPLO_SECRET_KEY": secrets.token_urlsafe(50),
        "DIPLO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DIPLO_HTTPS": "0",
        "DIPLO_STATIC_ROOT": str(static),
        "GUNICORN_THREADS": THREADS,
    }


@dataclass
class Cluster:
    servers: list[str]  # base URLs, http://127.0.0.1:PORT
    worker: subprocess.Popen | None


@contextmanager
def cluster(env: dict[str, str], servers: int = 2, worker: bool = True) -> Iterator[Cluster]:
    """`servers` gunicorns (diplo/gunicorn.conf.py) and a `db_worker`, stopped on exit."""
    with ExitStack() as stack:
        bases = []
        for _ in range(servers):
            server, base = run.start_server(env)
            stack.callback(run.stop, server)
            bases.append(base)
        process = None
        if worker:
            process = subprocess.Popen(
                [run.PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            stack.callback(run.stop, process)
        yield Cluster(bases, process)


def try_out(database: str, cache: str) -> None:
    """`make cluster`: the curated dataset, two app servers and a worker, until Ctrl-C."""
    run.create_database(database.rsplit("/", 1)[1])
    env = environment(database, cache, ROOT / "var" / "cluster" / "static")
    run.manage(env, "migrate", "--no-input")
    run.manage(env, "load_dataset", "--if-empty")
    with cluster(env) as started:
        for name, base in zip("AB", started.servers, strict=True):
            print(f"app server {name}: {base}/ (admin at {base}/admin/)")
        print(f"ingest worker: manage.py db_worker, pid {started.worker.pid}")
        print(f"shared by all three: {database} and {cache}")
        print(
            "Sign in with a curator of that database: DATABASE_URL="
            f"{database} .venv/bin/python manage.py create_curator NAME. Ctrl-C stops all."
        )
        try:
            while started.worker.poll() is None:
                time.sleep(1)
            print("The worker stopped; stopping the servers.", file=sys.stderr)
        except KeyboardInterrupt:
            pass


# The pages of the mix, each requested in turn by every connection.
MIX = ["timeline", "timeline actor+type", "event page", "actor page", "source page"]


def cpu_seconds(pids: list[int]) -> float:
    """User and system time the processes have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def pids_of(*pgrep: str) -> list[int]:
    found = subprocess.run(["pgrep", *pgrep], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def load(bases: list[str], paths: list[str], seconds: float, workers: list[int]) -> dict:
    """wrk on every server at once (16 connections in all); requests a second, and the CPU
    time each request cost the app servers, PostgreSQL and Redis."""
    database, cache = pids_of("-u", "postgres"), pids_of("redis-server")
    before = [cpu_seconds(pids) for pids in (workers, database, cache)]
    connections = 16 // len(bases)
    with ThreadPoolExecutor(len(bases)) as pool:
        results = list(pool.map(lambda base: run.wrk(base, paths, connections, seconds), bases))
    requests = sum(result["requests"] for result in results)
    return {
        "servers": len(bases),
        "rps": sum(result["rps"] for result in results),
        "p50_ms": max(result["p50_us"] for result in results) / 1000,
        "p95_ms": max(result["p95_us"] for result in results) / 1000,
        "errors": sum(result["errors"] for result in results),
        **{
            f"{name}_cpu_ms": (cpu_seconds(pids) - was) / requests * 1000
            for name, pids, was in zip(
                ("app", "db", "cache"), (workers, database, cache), before, strict=True
            )
        },
    }


def measure(cache: str, seconds: float) -> None:
    """One app server, then two, over the 100,000-event PostgreSQL benchmark database."""
    env, sample = run.prepare("postgres", 100_000)
    env |= {"DIPLO_CACHE_URL": cache, "DIPLO_TASKS": "database", "GUNICORN_THREADS": THREADS}
    pages = run.pages(sample)
    paths = [path for name in MIX for path in pages[name][:4]]
    rows = []
    with ExitStack() as stack:
        started = [run.start_server(env) for _ in range(2)]
        for server, _ in started:
            stack.callback(run.stop, server)
        bases = [base for _, base in started]
        workers = [pid for server, _ in started for pid in run.worker_pids(server)]
        for base in bases:
            run.warm_up(base, {"mix": paths})
        for count in (1, 2, 1, 2):  # turn about, so a drift in the machine falls on both
            rows.append(load(bases[:count], paths, seconds, workers))
    print(
        f"{os.cpu_count()} cores, 16 connections, 2 workers of {THREADS} threads a server, "
        f"{sample['events']:,} events; "
        f"pages: {', '.join(MIX)}"
    )
    print(
        "| app servers | requests/s | p50 ms | p95 ms | errors "
        "| CPU ms a request: app | PostgreSQL | Redis |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['servers']} | {row['rps']:,.0f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
            f"| {row['errors']} | {row['app_cpu_ms']:.1f} | {row['db_cpu_ms']:.2f} "
            f"| {row['cache_cpu_ms']:.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("DIPLO_CLUSTER_DATABASE", DATABASE))
    parser.add_argument("--cache", default=os.environ.get("DIPLO_CLUSTER_CACHE", CACHE))
    parser.add_argument("--measure", action="store_true", help="one app server against two")
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    if args.measure:
        measure(args.cache, args.seconds)
    else:
        try_out(args.database, args.cache)


if __name__ == "__main__":
    main()
