"""gunicorn's settings for `make serve` (the production way) and the tests of it.

Bind with --bind (or GUNICORN_CMD_ARGS); workers with WEB_CONCURRENCY.
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
