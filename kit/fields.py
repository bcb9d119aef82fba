"""Model fields any app may use."""

from __future__ import annotations

from django.db import models


class MinuteSet(models.Field):
    """The minutes of the day (0-1439) at which some incident happened, as PostgreSQL
    ``bit(1440)``: bit n is set when one happened at minute n. Read as a set of minutes."""

    MINUTES = 24 * 60

    def db_type(self, connection) -> str:
        return f"bit({self.MINUTES})"

    def from_db_value(self, value, expression, connection):
        return None if value is None else {n for n, bit in enumerate(value) if bit == "1"}
