"""The project around the events app: settings (every one from the environment), URLs,
the WSGI/ASGI entry points and gunicorn's configuration, and what production needs
beside the app: the request deadline (deadline), error pages (errors), the shared cache
(cache) and the read-replica router (replicas). It may import events; never devdata.
"""
