"""Settings for the test suite: the portal's own settings, with speed-ups for tests.

Services come from the environment that ``scripts/run_tests.py`` prepares: PostgreSQL and
Redis when they are installed, SQLite and in-process Celery otherwise.
"""

import os

os.environ.setdefault("KKR_ENV", "development")
os.environ.setdefault("KKR_EMAIL_BACKEND", "memory")

from kkr_portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Unit tests run tasks in-process; tests marked ``worker`` switch to the real broker.
CELERY_TASK_ALWAYS_EAGER = True

# The API's rate limits count per client address, and every test client is 127.0.0.1: off,
# except in the tests of the limits (tests/integrations/test_rate_limits.py).
API_RATE_LIMIT_PER_CLIENT = 0
API_RATE_LIMIT_PER_TOKEN = 0

# pytest-xdist (scripts/run_tests.py): each worker process ("gw0", "gw1", ...) gets its own
# test database from pytest-django, and here its own pair of Redis databases (broker and
# cache) and live-server port, so one worker never takes another's tasks, clears its cache
# or serves its pages.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER:
    from urllib.parse import urlsplit, urlunsplit

    _index = int(_XDIST_WORKER.removeprefix("gw"))
    if REDIS_URL:  # noqa: F405
        REDIS_URL = urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{2 * _index}"))  # noqa: F405
        CACHES = cache_settings(REDIS_URL)  # noqa: F405
        CELERY_BROKER_URL = REDIS_URL
    _ports = [p for p in os.environ.get("KKR_LIVE_SERVER_PORTS", "").split(",") if p]
    if _index < len(_ports):
        os.environ["DJANGO_LIVE_TEST_SERVER_ADDRESS"] = f"127.0.0.1:{_ports[_index]}"

# Uploaded files from tests go to a throwaway folder, never into var/media: inside the test
# runner's temporary folder (removed by scripts/run_tests.py), or removed at exit.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kkr-test-media-", dir=os.environ.get("KKR_TEST_TMP")))
atexit.register(shutil.rmtree, MEDIA_ROOT, True)
