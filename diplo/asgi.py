import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplo.settings")
# A web request's SQL statement may run this long (see diplo.settings).
os.environ.setdefault("DIPLO_STATEMENT_MS", "3000")

application = get_asgi_application()
