"""Model fields any app may use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

    _MinuteField = models.Field[set[int], set[int]]
else:  # Django's Field takes no type arguments when the code runs
    _MinuteField = models.Field


class MinuteSet(_MinuteField):
    """The minutes of the day (0-1439) at which some incident happened, as PostgreSQL
    ``bit(1440)``: bit n is set when one happened at minute n. Read as a set of minutes."""

    MINUTES = 24 * 60

    def db_type(self, connection: BaseDatabaseWrapper) -> str:
        return f"bit({self.MINUTES})"

    def from_db_value(
        self, value: str | None, expression: object, connection: BaseDatabaseWrapper
    ) -> set[int] | None:
        return None if value is None else {n for n, bit in enumerate(value) if bit == "1"}
