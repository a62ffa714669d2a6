"""Gunicorn settings for the web process: the Dockerfile and the benchmark both use them.

Workers: ``WEB_CONCURRENCY`` (read by gunicorn itself), else two per CPU plus one. Each
worker runs two threads, so a slow client does not hold a whole process.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = 2
keepalive = 5
timeout = 60
graceful_timeout = 30
accesslog = os.environ.get("KKR_ACCESS_LOG", "-") or None
