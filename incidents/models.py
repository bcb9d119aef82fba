"""Ports and anchorages (reference data) and the incident record."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .geography import Region


class Port(models.Model):
    """A port or anchorage. Incidents within its radius count as "at" it."""

    class Kind(models.TextChoices):
        PORT = "port", "Port"
        ANCHORAGE = "anchorage", "Anchorage"

    code = models.CharField(
        max_length=12,
        unique=True,
        help_text="The UN/LOCODE for a port; the port's UN/LOCODE with -ANCH for its anchorage.",
    )
    locode = models.CharField("UN/LOCODE", max_length=5, db_index=True)
    name = models.CharField(max_length=100)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    latitude = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    timezone = models.CharField(max_length=64)
    radius_nm = models.FloatField(
        "radius (nm)", validators=[MinValueValidator(0.5), MaxValueValidator(50)]
    )
    region = models.CharField(max_length=30, choices=Region.choices)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
