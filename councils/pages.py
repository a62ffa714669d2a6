"""The places on councils' pages that the apps above councils fill (``core.contributions``).

Meetings provides the front page's coming meetings and latest minutes and a body's meetings;
quotas provides a municipality's quotas. Each is provided in that app's ``AppConfig.ready``.
"""

from __future__ import annotations

from core.contributions import Slot

# Called with ``user``.
FRONT_PAGE = Slot("front page")
# Called with ``body`` and ``user``.
BODY_PAGE = Slot("body page")
# Called with ``municipality`` and ``user``.
MUNICIPALITY_PAGE = Slot("municipality page")
