"""Writes for the councils app. Every service takes ``actor`` and runs in a transaction."""

from councils.services.base import *  # noqa: F403
from councils.services.base import BODY_EDITABLE_FIELDS, body_update  # noqa: F401
from councils.services.composition import *  # noqa: F403
