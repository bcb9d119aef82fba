"""Requests refused before any view sees them."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string

NUL_IN_ADDRESS = "Addresses may not contain the NUL character (%00)."
NUL_IN_FORM = "Forms may not contain the NUL character."
NUL_IN_COOKIE = "Cookies may not contain the NUL character."


class RefuseNulMiddleware:
    """No address, cookie or form of the platform holds a NUL character, and PostgreSQL
    text cannot hold one: a path, query string, cookie or page form with it answers 400 and
    reaches no view or query. (The API refuses NUL in its bodies field by field, in JSON
    errors.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        api = request.path.startswith("/api/")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return self._refuse(api, NUL_IN_ADDRESS)
        if any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items()):
            return self._refuse(api, NUL_IN_COOKIE)
        if self._is_form(request, api) and self._form_has_nul(request):
            return self._refuse(api, NUL_IN_FORM)
        return self.get_response(request)

    @staticmethod
    def _is_form(request, api: bool) -> bool:
        """A page's urlencoded form (multipart ones, with files, are left to the forms'
        own fields, which refuse NUL too, and are read only once a view asks)."""
        return (
            request.method == "POST"
            and not api
            and request.content_type == "application/x-www-form-urlencoded"
        )

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
