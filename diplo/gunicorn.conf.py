"""gunicorn's settings for `make serve` (the production way) and the tests of it.

Bind with --bind (or GUNICORN_CMD_ARGS); workers with WEB_CONCURRENCY, threads per worker
with GUNICORN_THREADS, the send timeout with GUNICORN_SEND_TIMEOUT.
"""

import os

wsgi_app = "diplo.wsgi:application"
accesslog = "-"
# Django alone decides whether a request came over HTTPS (DIPLO_BEHIND_PROXY): gunicorn
# trusting X-Forwarded-Proto from any local client would let it claim so.
forwarded_allow_ips = ""
# Two workers for this project's 2-core machines, the benchmark's figure; more with
# WEB_CONCURRENCY (about two per core, the database and its cache permitting).
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# A client that stops reading costs a thread for a while, not a worker until gunicorn kills
# it (issue 15). With sync workers, two clients that asked for /events.jsonl and read
# nothing held both workers for 30 s, and /healthz went unanswered. gthread workers write
# responses from a pool of threads while the worker's loop goes on accepting; the subclass
# (diplo/gunicorn_worker.py) adds the send timeout gunicorn lacks and closes connections in
# their thread. Not an async worker (gevent): sqlite3 cannot yield, so each query would
# stop every client of the worker, and psycopg would need monkey-patching besides.
worker_class = "diplo.gunicorn_worker.SendTimeoutWorker"

# Threads per worker. A worker takes every connection that comes and queues it for its
# threads, and the kernel may give one worker all the stalled ones, so a worker needs more
# threads than the stalled readers it is to outlast: 32 outlast twenty (the figure
# tests/system/test_slow_readers.py holds them to) with twelve to spare for pages. Threads add no
# CPU (a worker's Python runs one thread at a time); they wait. Each thread keeps its own
# database connection (CONN_MAX_AGE is 600 s), so WEB_CONCURRENCY × GUNICORN_THREADS is the
# most the server opens: 64 with these defaults, under PostgreSQL's max_connections of 100
# with room for ingest, migrations, backups and psql. Raising one means lowering the other
# or raising max_connections.
threads = int(os.environ.get("GUNICORN_THREADS", "32"))

# Seconds a send may wait for room in the socket's buffer before it fails and the client is
# reset. The kernel counts it per send() call, and a call that queued a few bytes before
# waiting returns those instead of failing: a client that stopped reading was reset after
# two or three of these waits, 10–15 s with the default of 5 (bench/attack.py measures it),
# its thread and database connection held until then. A client that reads, however slowly,
# makes room and is never cut: nginx's send_timeout is the same rule (60 s by default). A
# reader that pauses five seconds is rare; the thread comes back soon.
SEND_TIMEOUT = float(os.environ.get("GUNICORN_SEND_TIMEOUT", "5"))


def post_worker_init(worker):
    worker.send_timeout = SEND_TIMEOUT


# Files (WhiteNoise's static files) go out through the same timed sends as the pages: with
# sendfile, Python waits without limit for a socket that never drains. They are small.
sendfile = False

# What this does not stop: more stalled clients than threads (64 with the defaults) take
# the server again, 10–15 s at a time. A proxy in front that buffers
# responses (nginx does by default) does: it reads from gunicorn at once, whatever the
# client does. And gunicorn's `timeout` (30 s) no longer ends a long request: with threads
# it watches only the worker's loop, which a busy thread does not block. A request is
# bounded by its own limits (each SQL statement by DIPLO_STATEMENT_MS, each send by
# SEND_TIMEOUT); the ingest an admin upload runs in its request, pure Python, has none
# (bench/attack.py times a few pathological articles).
