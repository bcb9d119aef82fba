"""The project's URLs and one page more that the access matrix has no row for (one of the
project's views, under a new name): the matrix's completeness check must find it."""

from django.urls import path

from csoa.urls import urlpatterns as project_urlpatterns
from csoa.views import healthz

urlpatterns = [*project_urlpatterns, path("extra/", healthz, name="without_a_row")]
