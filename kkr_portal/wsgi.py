import os

from django.core.wsgi import get_wsgi_application

from kkr_portal.runtime import tune_garbage_collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")
application = get_wsgi_application()
# After the application is loaded: what it loaded is frozen out of the collector's view.
tune_garbage_collector()
