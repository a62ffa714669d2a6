"""The places on accounts' pages that the apps above accounts fill (``core.contributions``).

"Mine opgaver" lists what waits for the signed-in user, each list asked of the app that owns it
(through that app's access rules); the profile page shows the bodies and municipalities of the
user's roles (councils provides them). Accounts imports no app: the apps provide their entries
in their ``AppConfig.ready``.
"""

from __future__ import annotations

from core.contributions import Slot

# Called with ``user``; each entry is a list (empty when nothing waits).
MY_TASKS = Slot("my tasks")
# Called with ``user``.
PROFILE_PAGE = Slot("profile page")
