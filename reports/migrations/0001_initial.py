"""The trends' counted cells, taken over from the incidents app: their tables, trigger and
functions exist already (incidents 0009, 0013), so only the models' state is made here."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models

import kit.fields


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("incidents", "0014_trend_cells_to_reports"),
        ("members", "0003_alter_auditevent_action"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PortMonth",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "region",
                            models.CharField(
                                choices=[
                                    ("west_africa", "West Africa / Gulf of Guinea"),
                                    ("gulf_of_aden", "Gulf of Aden and Somali Basin"),
                                    ("red_sea", "Red Sea"),
                                    ("arabian_sea", "Arabian Sea and Gulf"),
                                    ("indian_subcontinent", "Indian Sub-continent"),
                                    ("south_east_asia", "South East Asia"),
                                    ("far_east", "Far East"),
                                    ("south_america", "South America"),
                                    ("caribbean", "Caribbean and Central America"),
                                    ("mediterranean", "Mediterranean and Black Sea"),
                                    ("europe", "Europe and North Atlantic"),
                                    ("east_africa", "East and Southern Africa"),
                                    ("other", "Elsewhere"),
                                ],
                                max_length=30,
                            ),
                        ),
                        ("month", models.DateField(help_text="The first day of the month.")),
                        ("tlp", models.CharField(max_length=20)),
                        ("incidents", models.IntegerField()),
                        (
                            "organisation",
                            models.ForeignKey(
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="members.organisation",
                            ),
                        ),
                        (
                            "port",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="incidents.port",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "incidents_portmonth",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("month", "region", "port", "tlp", "organisation"),
                                name="portmonth_key",
                                nulls_distinct=False,
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TrendCell",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "region",
                            models.CharField(
                                choices=[
                                    ("west_africa", "West Africa / Gulf of Guinea"),
                                    ("gulf_of_aden", "Gulf of Aden and Somali Basin"),
                                    ("red_sea", "Red Sea"),
                                    ("arabian_sea", "Arabian Sea and Gulf"),
                                    ("indian_subcontinent", "Indian Sub-continent"),
                                    ("south_east_asia", "South East Asia"),
                                    ("far_east", "Far East"),
                                    ("south_america", "South America"),
                                    ("caribbean", "Caribbean and Central America"),
                                    ("mediterranean", "Mediterranean and Black Sea"),
                                    ("europe", "Europe and North Atlantic"),
                                    ("east_africa", "East and Southern Africa"),
                                    ("other", "Elsewhere"),
                                ],
                                max_length=30,
                            ),
                        ),
                        ("month", models.DateField(help_text="The first day of the month.")),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("boarded", "Boarded"),
                                    ("attempted", "Attempted boarding"),
                                    ("fired_upon", "Fired upon"),
                                    ("hijacked", "Hijacked"),
                                    ("kidnapping", "Kidnapping"),
                                    ("suspicious_approach", "Suspicious approach"),
                                    ("seizure", "Seizure"),
                                    ("drone_attack", "Drone or missile attack"),
                                    ("theft", "Theft"),
                                    ("other", "Other"),
                                ],
                                max_length=30,
                            ),
                        ),
                        ("tlp", models.CharField(max_length=20)),
                        ("incidents", models.IntegerField()),
                        (
                            "weekdays",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(), help_text="Monday first.", size=7
                            ),
                        ),
                        (
                            "hours",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(), size=24
                            ),
                        ),
                        (
                            "outcomes",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(),
                                help_text="In the order of Outcome.",
                                size=None,
                            ),
                        ),
                        (
                            "facts",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(),
                                help_text="In the order of trendcells.FACTS.",
                                size=None,
                            ),
                        ),
                        (
                            "perpetrators",
                            models.JSONField(
                                default=dict, help_text="Incidents per number of them."
                            ),
                        ),
                        ("minutes", kit.fields.MinuteSet()),
                        (
                            "minute_counts",
                            models.JSONField(
                                default=dict,
                                help_text="Incidents per minute of the day: keeps ``minutes`` exact.",
                            ),
                        ),
                        (
                            "crew_on_board",
                            models.IntegerField(default=0, help_text="The sum of those given."),
                        ),
                        (
                            "countries",
                            models.JSONField(
                                default=dict, help_text="Incidents per country, where known."
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="members.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "incidents_trendcell",
                        "indexes": [
                            models.Index(fields=["month", "region"], name="trendcell_by_month")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("region", "month", "category", "tlp", "organisation"),
                                name="trendcell_key",
                                nulls_distinct=False,
                            )
                        ],
                    },
                ),
            ]
        ),
    ]
