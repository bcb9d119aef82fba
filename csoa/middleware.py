"""Requests refused before any view sees them."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string

NUL_IN_ADDRESS = "Addresses may not contain the NUL character (%00)."
NUL_IN_FORM = "Forms may not contain the NUL character."


class RefuseNulMiddleware:
    """No address or form of the platform holds a NUL character, and PostgreSQL text
    cannot hold one: a path, query string or page form with it answers 400 and reaches no
    view or query. (The API refuses NUL in its bodies field by field, in JSON errors.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        api = request.path.startswith("/api/")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return self._refuse(api, NUL_IN_ADDRESS)
        if request.method == "POST" and not api and self._form_has_nul(request):
            return self._refuse(api, NUL_IN_FORM)
        return self.get_response(request)

    @staticmethod
    def _form_has_nul(request) -> bool:
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.POST.lists()
        )

    @staticmethod
    def _refuse(api: bool, message: str):
        if api:
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))
