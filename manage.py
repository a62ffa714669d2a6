#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")
    # manage.py is the developer's tool: it defaults to the development profile. The web
    # server (wsgi), Celery and the Docker image (ENV KKR_ENV=production) default to
    # production, which refuses to start without its secrets.
    os.environ.setdefault("KKR_ENV", "development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
