"""The project's URLs as ``make run`` mounts them in development (DEBUG on)."""

from django.test import override_settings

from csoa import urls

with override_settings(DJANGO_ENV="development", DEBUG=True):
    urlpatterns = [*urls.urlpatterns, *urls.development_urls()]
