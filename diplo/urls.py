from django.contrib import admin
from django.urls import include, path

from events.throttle import throttle_logins

urlpatterns = [
    # Ahead of admin's own login URL, which it replaces.
    path("admin/login/", throttle_logins(admin.site.login)),
    path("admin/", admin.site.urls),
    path("", include("events.urls")),
]

# The 400, 403 and 404 pages are Django's handlers rendering templates/400.html etc.
handler500 = "diplo.errors.server_error"
