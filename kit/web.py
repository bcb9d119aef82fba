"""What every app's pages share: the rendering of a page with a form, and the error pages
(400, 403, 404, 500 in the site's layout for people, JSON under /api/)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

if TYPE_CHECKING:
    from django.forms import BaseForm
    from django.http import HttpRequest, HttpResponse


def render_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A page with a form: answered 400 when a POST comes back to it (the form did not pass
    or the action was refused), else 200."""
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """A service's ValidationError on the form: per field where the form has the field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: a page for people, JSON for the API (an address under /api/ that names nothing
    answers as the API's own 404s do)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token: most often a page left open past its session,
    or cookies refused."""
    message = (
        "The form could not be accepted: it was opened in another session, or your browser "
        "refused the platform's cookies. Reload the page and send it again."
    )
    return render(request, "403.html", {"message": message}, status=403)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """500, from a static page: no database, session or context processor, since any of
    them may be what failed."""
    if _api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())
