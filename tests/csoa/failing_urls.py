"""The project's URLs and a view that fails, for the 500 page's test."""

from django.urls import path

from csoa.urls import urlpatterns as project_urlpatterns


def fails(request):
    raise RuntimeError("a view that fails")


urlpatterns = [*project_urlpatterns, path("fails/", fails)]
handler500 = "kit.web.server_error"
