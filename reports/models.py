"""The trends' counted cells: ``TrendCell`` (a region's month) and ``PortMonth`` (a port's
month), kept by a trigger on the incidents (``reports.trendcells``). Their tables keep the
names they had when the incidents app held them (``incidents_trendcell``,
``incidents_portmonth``)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from incidents.models import Category, Port, kept_owner
from kit.fields import MinuteSet
from kit.geography import Region
from members.access import marking_rule, register_rule


class TrendCell(models.Model):
    """The trend figures of the incidents of one month in one region, kept by a database
    trigger as the map's cells are: per region, month (of the local date), category and
    marking (the owner only for AMBER and AMBER+STRICT). Retracted and TLP:RED incidents
    are never counted here.

    Each cell holds what a trend adds up: incidents per weekday and per local hour, per
    outcome, per fact (``reports.trendcells.FACTS``: what was done to the crew, weapons,
    targets, what foiled the attempt), the perpetrators' histogram and the minutes of the
    day at which incidents happened; and, for the headline figures, the crew on board and
    the incidents per country. A region's trend over whole months reads these cells
    through the access policy's marking rule, adds the granted incidents and scans only the
    days of a period's first and last month that are not whole: a region's trend over a
    million incidents reads a few thousand cells. ``reports.trendcells`` holds the
    trigger and the rebuild.
    """

    region = models.CharField(max_length=30, choices=Region.choices)
    month = models.DateField(help_text="The first day of the month.")
    category = models.CharField(max_length=30, choices=Category.choices)
    tlp = models.CharField(max_length=20)
    organisation = kept_owner()
    incidents = models.IntegerField()
    weekdays = ArrayField(models.IntegerField(), size=7, help_text="Monday first.")
    hours = ArrayField(models.IntegerField(), size=24)
    outcomes = ArrayField(models.IntegerField(), help_text="In the order of Outcome.")
    facts = ArrayField(models.IntegerField(), help_text="In the order of trendcells.FACTS.")
    perpetrators = models.JSONField(default=dict, help_text="Incidents per number of them.")
    minutes = MinuteSet()
    minute_counts = models.JSONField(
        default=dict, help_text="Incidents per minute of the day: keeps ``minutes`` exact."
    )
    crew_on_board = models.IntegerField(default=0, help_text="The sum of those given.")
    countries = models.JSONField(default=dict, help_text="Incidents per country, where known.")

    class Meta:
        db_table = "incidents_trendcell"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "month", "category", "tlp", "organisation"],
                name="trendcell_key",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["month", "region"], name="trendcell_by_month")]

    def __str__(self) -> str:
        return f"{self.region} {self.month:%Y-%m}: {self.incidents}"


class PortMonth(models.Model):
    """How many incidents a port or anchorage had in a month (of the local date), per region
    and marking (the owner only for AMBER and AMBER+STRICT), kept by the same trigger as
    ``TrendCell`` and never counting retracted or TLP:RED incidents: the regional summary's
    top ports."""

    region = models.CharField(max_length=30, choices=Region.choices)
    port = models.ForeignKey(
        Port, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month.")
    tlp = models.CharField(max_length=20)
    organisation = kept_owner()
    incidents = models.IntegerField()

    class Meta:
        db_table = "incidents_portmonth"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region", "port", "tlp", "organisation"],
                name="portmonth_key",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"port {self.port_id} {self.month:%Y-%m}: {self.incidents}"


register_rule(TrendCell, marking_rule)
register_rule(PortMonth, marking_rule)
