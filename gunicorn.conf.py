"""Gunicorn settings for the web process: the Dockerfile and the benchmark both use them.

Workers: ``WEB_CONCURRENCY`` (read by gunicorn itself), else two per CPU plus one. Each
worker runs two threads, so a slow client does not hold a whole process. Each worker is
replaced after ``KKR_WEB_MAX_REQUESTS`` requests (2,000, plus up to 10 %; 0 = never): a
worker that made a large answer (the API's 1,000 meetings with items are 24 MB) keeps the
memory Python took for it until then, and issue 17 wants each under 200 MB.

The application is loaded once, in the master, before the workers are forked
(``preload_app``): a replaced worker is a fork of the loaded application, not a new
``django.setup()`` of every app (under load, at 2,000 requests a worker, the replacements
took a large share of the two cores: the floor fell from 825 to 433 requests a second in the
run that showed it, ``docs/performance.md``), and ``kkr_portal/wsgi.py`` freezes the
loaded objects once, in the master. Nothing opens a database or Redis connection while
loading (Django opens them per thread on first use), so no connection is shared across the
fork.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
preload_app = True
threads = 2
keepalive = 5
timeout = 60
graceful_timeout = 30
accesslog = os.environ.get("KKR_ACCESS_LOG", "-") or None
max_requests = int(os.environ.get("KKR_WEB_MAX_REQUESTS") or 2000)
max_requests_jitter = max_requests // 10
