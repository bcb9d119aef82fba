"""What every API view shares: the caller as the access policy sees them, JSON read strictly,
and the request errors Django raises while reading a body answered as JSON like every other
error."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, PermissionDenied, ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.utils import json
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

from .positions import Positions

if TYPE_CHECKING:
    from django.db.models import Field, Model, QuerySet
    from rest_framework.request import Request
    from rest_framework.views import APIView

_M = TypeVar("_M", bound="Model")
_R = TypeVar("_R")

# Deeper than any request of ours; far below what would exhaust the parser's stack.
MAX_JSON_DEPTH = 32


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self) -> None:
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
        super().__init__(f"The request body is larger than the {megabytes:g} MB allowed.")


def _check_json(data: object) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH and the NUL character in any text (a
    PostgreSQL text value cannot hold it)."""
    pending: list[tuple[object, int]] = [(data, 1)]
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

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
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


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
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


@contextmanager
def refusals() -> Iterator[None]:
    """A service's refusals as the API's: PermissionDenied 403, ValidationError 400 with
    its messages by field."""
    try:
        yield
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error)) from None
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(error.message_dict) from None
        raise ValidationError({"non_field_errors": error.messages}) from None


def viewer_of(request: Request) -> Any:
    """The caller of an API view, as the access policy sees them: ``request.viewer``, which
    the members app's middleware puts on every request, resolved once (its token
    authentication puts a partner system's there). A viewer of another person than the one
    authenticated would read with the wrong rights: that raises."""
    viewer = cast(Any, request._request).viewer  # put there by the members app
    if viewer.user_id != request.user.pk:
        raise RuntimeError("The request's viewer is not the authenticated user's.")
    return viewer


_CURSORS = Positions("csoa.api.cursor")


class KeysetPagination(CursorPagination):
    """Keyset pages, newest first: as quick deep in the history as at its start. The next
    page's cursor is signed, so a cursor the API did not give is refused (400), never read.
    A view's subclass names its ``ordering`` (a unique one: a time, then the id)."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = ("-created_at", "-id")

    invalid_cursor_message = "This cursor is not one the API gave: follow the next link."

    _model: type[Model]

    def paginate_queryset(
        self, queryset: QuerySet[_M, _R], request: Request, view: APIView | None = None
    ) -> list[_R] | None:
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def encode_cursor(self, cursor: Cursor) -> str:
        """The next or previous page's link, its cursor signed: a cursor the API did not
        give is refused, not read."""
        tokens: dict[str, str] = {}
        if cursor.offset:
            tokens["o"] = str(cursor.offset)
        if cursor.reverse:
            tokens["r"] = "1"
        if cursor.position is not None:
            # DRF's stubs type a position as a number; DRF makes it the text of a value.
            tokens["p"] = cursor.position  # type: ignore[assignment]
        base_url = cast(str, self.base_url)  # set by paginate_queryset, before any link
        return replace_query_param(base_url, self.cursor_query_param, _CURSORS.sign(tokens))

    def decode_cursor(self, request: Request) -> Cursor | None:
        """The cursor of a link the API gave, or 400."""
        signed = request.query_params.get(self.cursor_query_param)
        if signed is None:
            return None
        try:
            tokens = _CURSORS.read(signed)
            if tokens is None:
                raise ValueError(signed)
            offset = int(tokens.get("o", "0"))
            reverse = tokens.get("r", "0") == "1"
            position = tokens.get("p")
            if not 0 <= offset <= self.offset_cutoff:
                raise ValueError(offset)
            if position is not None:  # a value of the ordering's first field
                name = self.ordering[0].lstrip("-")
                field = cast("Field[Any, Any]", self._model._meta.get_field(name))
                field.to_python(position)
        except (ValueError, TypeError, DjangoValidationError):
            raise ValidationError(
                {self.cursor_query_param: [self.invalid_cursor_message]}
            ) from None
        # DRF's stubs type a position as a number; DRF reads it as text, as given here.
        return Cursor(offset=offset, reverse=reverse, position=position)  # type: ignore[arg-type]

    def get_page_size(self, request: Request) -> int | None:
        """The page size asked for, or the default; anything but a whole number from 1 to
        ``max_page_size`` is refused rather than ignored."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        digits = raw.isascii() and raw.isdigit() and len(raw) <= 3
        if not (digits and 1 <= int(raw) <= self.max_page_size):
            raise ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                }
        return parameters

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"results": data, "next": self.get_next_link()})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results", "next"],
            "properties": {
                "results": schema,
                "next": {"type": "string", "format": "uri", "nullable": True},
            },
        }
