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

# Uploaded files from tests go to a throwaway folder, never into var/media: inside the test
# runner's temporary folder (removed by scripts/run_tests.py), or removed at exit.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kkr-test-media-", dir=os.environ.get("KKR_TEST_TMP")))
atexit.register(shutil.rmtree, MEDIA_ROOT, True)
