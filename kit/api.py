"""What every API view shares: the caller as the access policy sees them, JSON read strictly,
and the request errors Django raises while reading a body answered as JSON like every other
error."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json
from rest_framework.views import exception_handler as drf_exception_handler

# Deeper than any request of ours; far below what would exhaust the parser's stack.
MAX_JSON_DEPTH = 32


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self):
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
        super().__init__(f"The request body is larger than the {megabytes:g} MB allowed.")


def _check_json(data) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH and the NUL character in any text (a
    PostgreSQL text value cannot hold it)."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise ParseError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep.")
        if isinstance(value, str):
            if "\x00" in value:
                raise ParseError("Text may not contain the NUL character (\\u0000).")
        elif isinstance(value, dict):
            for key, item in value.items():
                pending.append((key, depth))
                pending.append((item, depth + 1))
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)


class StrictJSONParser(JSONParser):
    """JSON of at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes, without NaN or Infinity, at most
    MAX_JSON_DEPTH deep, with no NUL character: anything else answers 400 (413 when too
    large) and nothing is read further."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise RequestTooLarge
        try:  # JSON is UTF-8 (RFC 8259), whatever charset the request names
            data = json.loads(body.decode("utf-8"), parse_constant=json.strict_constant)
        except RecursionError:
            raise ParseError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep.") from None
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
        _check_json(data)
        return data


def exception_handler(exc, context):
    """DRF's answers, and JSON rather than Django's HTML page for a body it refused."""
    if isinstance(exc, TooManyFilesSent):
        exc = ValidationError(
            {"files": [f"Send at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files at once."]}
        )
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, TooManyFieldsSent):
        exc = ParseError("The request has too many fields.")
    elif isinstance(exc, SuspiciousOperation):
        exc = ParseError("The request could not be read.")
    return drf_exception_handler(exc, context)


def viewer_of(request):
    """The caller of an API view, as the access policy sees them: ``request.viewer``, which
    the members app's middleware puts on every request, resolved once (its token
    authentication puts a partner system's there). A viewer of another person than the one
    authenticated would read with the wrong rights: that raises."""
    viewer = request._request.viewer
    if viewer.user_id != request.user.pk:
        raise RuntimeError("The request's viewer is not the authenticated user's.")
    return viewer
