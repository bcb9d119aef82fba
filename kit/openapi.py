"""The API's OpenAPI schema, as exact as the API itself: every error answer an operation can
give, and query parameters described from the filters that read them (choices as enums,
bounded dates as the pattern of exactly the dates accepted, numbers with their limits).

Schemas that depend on the data or the date (a feed's slug, the last date a period may
name) are written when the schema is generated, not when the code is loaded.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Any

import django_filters
from django.db import DatabaseError
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

if TYPE_CHECKING:
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.request import Request
    from rest_framework.serializers import Serializer

# Text that PostgreSQL can store: anything but the NUL character.
NO_NUL = "^[^\\u0000]*$"
DECIMAL = r"-?(?:\d+(?:\.\d*)?|\.\d+)"


def _alternatives(values: list[str]) -> str:
    return "(?:" + "|".join(values) + ")"


def date_pattern(first_year: int, last_year: int) -> str:
    """A regular expression for exactly the calendar dates from 1 January ``first_year`` to
    31 December ``last_year``, as YYYY-MM-DD (with the spaces around it a form ignores)."""
    years = [str(year) for year in range(first_year, last_year + 1)]
    leap = [year for year in years if calendar.isleap(int(year))]
    common_days = (
        "(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])",  # every month has 28 days
        "(?:0[13-9]|1[0-2])-(?:29|30)",  # all but February have the 29th and 30th
        "(?:0[13578]|1[02])-31",
    )
    dates = [f"{_alternatives(years)}-{_alternatives(list(common_days))}"]
    if leap:
        dates.append(f"{_alternatives(leap)}-02-29")
    return r"^\s*" + _alternatives(dates) + r"\s*$"


def _choices(filter_: django_filters.Filter) -> list[str] | None:
    """The filter's choices; None when they come from a database that is not there yet
    (``manage.py check --deploy`` generates the schema before any migration)."""
    choices = filter_.extra.get("choices", [])
    if callable(choices):
        try:
            choices = choices()
        except DatabaseError:
            return None
    return [str(value) for value, _label in choices]


def _choice_schema(filter_: django_filters.Filter) -> dict[str, Any]:
    choices = _choices(filter_)
    if choices is None:
        return {"type": "string", "pattern": NO_NUL}
    return _or_empty({"type": "string", "enum": choices})


EMPTY = {"type": "string", "enum": [""]}


def _or_empty(schema: dict[str, Any]) -> dict[str, Any]:
    """A filter given empty is a filter not given (as a page's form sends it)."""
    if schema.get("type") == "string" and "pattern" in schema:
        return {**schema, "pattern": f"^(?:{schema['pattern'][1:-1]})?$"}
    if schema.get("type") == "string" and "enum" in schema:
        return {**schema, "enum": ["", *schema["enum"]]}
    if schema.get("type") == "string":
        return schema
    return {"anyOf": [schema, EMPTY]}


def filter_schema(filter_: django_filters.Filter) -> tuple[dict[str, Any], bool]:
    """The OpenAPI schema of one django-filter filter's parameter, and whether it repeats."""
    described = getattr(filter_, "openapi_schema", None)
    if described is not None:
        return _or_empty(described()), False
    if isinstance(filter_, django_filters.MultipleChoiceFilter):
        return {"type": "array", "items": _choice_schema(filter_)}, True
    if isinstance(filter_, django_filters.ChoiceFilter):
        return _choice_schema(filter_), False
    if isinstance(filter_, django_filters.NumberFilter):
        schema: dict[str, Any] = {"type": "number"}
        for key, limit in (("minimum", "min_value"), ("maximum", "max_value")):
            if filter_.extra.get(limit) is not None:
                schema[key] = float(filter_.extra[limit])
        return _or_empty(schema), False
    schema = {"type": "string", "pattern": NO_NUL}
    if filter_.extra.get("max_length"):
        schema["maxLength"] = filter_.extra["max_length"]
    return schema, False


def filter_parameters(filterset_class: type[django_filters.FilterSet]) -> list[OpenApiParameter]:
    parameters: list[OpenApiParameter] = []
    for name, filter_ in filterset_class.base_filters.items():
        schema, repeats = filter_schema(filter_)
        parameters.append(
            OpenApiParameter(
                name,
                schema,
                description=str(filter_.label or name),
                explode=True if repeats else None,
                style="form" if repeats else None,
            )
        )
    return parameters


class FilteredSchema(AutoSchema):
    """For views whose query parameters are a filter set's (``filter_parameters_from``)."""

    def get_override_parameters(
        self,
    ) -> list[OpenApiParameter | Serializer[Any] | type[Serializer[Any]]]:
        filterset_class = getattr(self.view, "filter_parameters_from", None)
        extra = filter_parameters(filterset_class) if filterset_class else []
        return [*super().get_override_parameters(), *extra]


# Every error the API answers, and when.
ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Messages per field (a list of messages, or the messages of the items "
    "of a list), or `detail` for an error of the whole request.",
    "additionalProperties": True,
}
ANSWERS = {
    "400": ("The request is malformed or a value is refused: the answer says which.", True),
    "401": ("The token given is not valid.", False),
    "403": ("Not allowed: the caller's role, or a session that has not passed MFA.", False),
    "404": ("Not found, or not shared with the caller (the two look the same).", False),
    "413": ("The request body is larger than allowed.", False),
    "429": ("Too many requests: `Retry-After` says when to try again.", False),
}


def document_errors(
    result: dict[str, Any], generator: SchemaGenerator, request: Request | None, public: bool
) -> dict[str, Any]:
    """drf-spectacular post-processing hook: the error answers of every operation (404 where
    the path names something, 413 where a body is sent)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for status, (description, fields) in ANSWERS.items():
                if status == "404" and "{" not in path:
                    continue
                if status == "413" and "requestBody" not in operation:
                    continue
                reference = "#/components/schemas/" + ("FieldErrors" if fields else "Error")
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": reference}}},
                    },
                )
    return result


def period_date_schema(first: dt.date, last: dt.date) -> dict[str, str]:
    """A date between the first of January of ``first``'s year and the 31st of December of
    ``last``'s, exactly: the pattern admits no other string."""
    return {
        "type": "string",
        "pattern": date_pattern(first.year, last.year),
        "description": f"A local date, YYYY-MM-DD, from {first:%-d %B %Y} to {last:%-d %B %Y}.",
        "example": "2019-03-08",
    }
