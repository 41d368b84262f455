"""`make loadtest`: a minute of heavy traffic on the 100,000-event dataset, and nothing fails.

For each engine it takes bench/run.py's database (the curated dataset plus 100,000 generated
events, built or reused) and server: static files collected, gunicorn with 2 workers the
production way (DIPLO_DEBUG=0; plain HTTP, as behind a proxy that ends TLS). It warms the
server up, then runs wrk with 64 connections for 60 seconds over a mix of pages: the
timeline plain, filtered, searched and paged, event, source and actor pages, events.json,
the CSV export of a filtered view and /healthz. The bounds: no wrk error (connect, read,
write, timeout), every answer 2xx or 3xx, the same workers before and after, and each
worker's memory at most 10% above what it held after the warm-up. Results go to
var/loadtest/results.json and results.md; the exit status is 1 when a bound fails.
"""

import argparse
import json
import subprocess
import sys
import threading
import time

from run import ROOT, SAMPLED, prepare, rss_kb, start_server, warm_up, worker_pids

OUT = ROOT / "var" / "loadtest"
SIZE = 100_000
MEMORY_GROWTH = 0.10  # of each worker's memory after the warm-up
# Load before memory is first read, so caches are full by then. Each of a worker's 32
# threads keeps its own database connection and its caches: after 10 s one worker's threads
# were not all warm yet (84 MB against the other's 90, which both then reached).
WARM_SECONDS = 20

# Requests cycle through the paths given after `--` (each thread from its own place in the
# list); every answer's status is counted, and the run ends with one JSON line.
LUA = """
local paths, next_path, threads = {}, 0, {}

setup = function(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads * 37)
end

init = function(args)
  for i, path in ipairs(args) do
    paths[i] = path
  end
  next_path = offset % #paths
  statuses = {}
end

request = function()
  next_path = next_path % #paths + 1
  return wrk.format(nil, paths[next_path])
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
    end
  end
  local cells = {}
  for status, count in pairs(counts) do
    table.insert(cells, string.format('"%d": %d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "errors": {"connect": %d, "read": %d, "write": %d, '
    .. '"timeout": %d}, "p50_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, "statuses": {%s}}\\n',
    summary.requests, summary.duration / 1e6, errors.connect, errors.read, errors.write,
    errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, table.concat(cells, ", ")))
end
"""


def mix(sample: dict) -> list[str]:
    """The paths wrk cycles through: every page kind, the detail pages over sampled rows."""
    actor = sample["actor"][SAMPLED // 2]
    paths = []
    for n in range(SAMPLED):
        paths += [
            "/",
            f"/?actor={actor}&type=CONSULT",
            "/?from=2015-03&to=2015-09",
            "/?q=summit",
            "/?page=50",
            f"/events/{sample['event'][n]}/",
            f"/sources/{sample['source'][n]}/",
            f"/actors/{sample['actor'][n]}/",
            "/events.json",
            f"/events.csv?actor={sample['actor'][n]}&type=CONSULT",
            "/healthz",
        ]
    return paths


def wrk(base: str, paths: list[str], connections: int, seconds: int) -> dict:
    script = OUT / "mix.lua"
    script.write_text(LUA, encoding="utf-8")
    done = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s",
         str(script), base + paths[0], "--", *paths],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(line for line in done.stdout.splitlines()[::-1] if line.startswith("{"))
    return json.loads(line)


class MemoryWatch:
    """Each worker's resident memory: at the start, at its highest while watched, at the end."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.before = {pid: rss_kb(pid) for pid in pids}
        self.peak = dict(self.before)
        self._watching = True
        self._thread = threading.Thread(target=self._sample)
        self._thread.start()

    def _sample(self) -> None:
        while self._watching:
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], rss_kb(pid))
            time.sleep(0.5)

    def stop(self) -> dict:
        self._watching = False
        self._thread.join()
        after = {pid: rss_kb(pid) for pid in self.pids}
        return {
            str(pid): {
                "before_mb": self.before[pid] / 1024,
                "peak_mb": self.peak[pid] / 1024,
                "after_mb": after[pid] / 1024,
                "growth": after[pid] / self.before[pid] - 1,
            }
            for pid in self.pids
        }


def run_engine(engine: str, connections: int, seconds: int) -> dict:
    print(f"{engine}: {SIZE:,} events", flush=True)
    env, sample = prepare(engine, SIZE)
    paths = mix(sample)
    server, base = start_server(env)  # collects the static files first
    try:
        warm_up(base, {path: [path] for path in dict.fromkeys(paths)})
        warm = wrk(base, paths, connections, WARM_SECONDS)
        pids = worker_pids(server)
        watch = MemoryWatch(pids)
        load = wrk(base, paths, connections, seconds)
        memory = watch.stop()
        same_workers = worker_pids(server) == pids
    finally:
        server.terminate()
        server.wait(timeout=30)
    statuses = {int(status): count for status, count in load["statuses"].items()}
    failed = sum(count for status, count in statuses.items() if not 200 <= status < 400)
    errors = sum(load["errors"].values())
    growth = max(worker["growth"] for worker in memory.values())
    bounds = [
        ("wrk errors (connect, read, write, timeout)", errors, "= 0", errors == 0),
        ("answers other than 2xx/3xx", failed, "= 0", failed == 0),
        ("answers counted = requests", sum(statuses.values()), f"= {load['requests']}",
         sum(statuses.values()) == load["requests"]),
        ("workers replaced during the run", 0 if same_workers else 1, "= 0", same_workers),
        ("worker memory growth", f"{growth:.1%}", f"≤ {MEMORY_GROWTH:.0%}",
         growth <= MEMORY_GROWTH),
    ]  # fmt: skip
    result = {
        "engine": engine,
        "events": sample["events"],
        "connections": connections,
        "seconds": load["seconds"],
        "requests": load["requests"],
        "rps": load["requests"] / load["seconds"],
        "statuses": dict(sorted(statuses.items())),
        "errors": load["errors"],
        "latency_ms": {key: load[f"{key}_ms"] for key in ("p50", "p99", "max")},
        "warm_up": {"requests": warm["requests"], "statuses": warm["statuses"]},
        "memory": memory,
        "paths": len(paths),
        "bounds": [
            {"bound": name, "value": value, "limit": limit, "met": met}
            for name, value, limit, met in bounds
        ],
    }
    print(
        f"  {result['requests']:,} requests in {result['seconds']:.0f} s "
        f"({result['rps']:,.0f}/s), statuses {result['statuses']}, wrk errors {errors}, "
        f"p99 {result['latency_ms']['p99']:.0f} ms, worker memory growth {growth:.1%}",
        flush=True,
    )
    return result


def markdown(results: list[dict]) -> str:
    lines = ["# Load test", ""]
    for result in results:
        lines += [
            f"## {result['engine']}, {result['events']:,} events",
            "",
            f"{result['connections']} connections for {result['seconds']:.0f} s over "
            f"{result['paths']} paths: {result['requests']:,} requests "
            f"({result['rps']:,.0f}/s), p50 {result['latency_ms']['p50']:.0f} ms, "
            f"p99 {result['latency_ms']['p99']:.0f} ms, max {result['latency_ms']['max']:.0f} ms.",
            "",
            "Statuses: " + ", ".join(f"{s}: {n:,}" for s, n in result["statuses"].items()),
            "",
            "| worker | before, MB | peak, MB | after, MB | growth |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {pid} | {w['before_mb']:.1f} | {w['peak_mb']:.1f} | {w['after_mb']:.1f} "
            f"| {w['growth']:.1%} |"
            for pid, w in result["memory"].items()
        ]
        lines += ["", "| bound | value | limit | met |", "|---|---|---|---|"]
        lines += [
            f"| {b['bound']} | {b['value']} | {b['limit']} | {'yes' if b['met'] else 'NO'} |"
            for b in result["bounds"]
        ]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--engine", choices=["sqlite", "postgres", "both"], default="both", help="default: both"
    )
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    OUT.mkdir(parents=True, exist_ok=True)
    results = [run_engine(engine, args.connections, args.seconds) for engine in engines]
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (OUT / "results.md").write_text(markdown(results), encoding="utf-8")
    failed = [
        f"{result['engine']}: {bound['bound']} is {bound['value']}, must be {bound['limit']}"
        for result in results
        for bound in result["bounds"]
        if not bound["met"]
    ]
    print("\n".join(failed) if failed else "Every bound met.")
    print(f"Results: {OUT / 'results.md'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
