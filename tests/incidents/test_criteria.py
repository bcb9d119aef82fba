"""A watch's criteria, matched in Python, say of every incident what the list's filters say in
SQL: over generated incidents and random filters, the two answers are the same."""

from __future__ import annotations

import random

import pytest
from django.http import QueryDict

from csoa.dev.generate import seed_incidents
from incidents.criteria import compile_criteria, matches
from incidents.filters import filtered
from incidents.models import Incident

pytestmark = pytest.mark.django_db

CHOICES = {
    "category": ["boarded", "attempted", "theft", "hijacked", "suspicious_approach"],
    "outcome": ["successful", "unsuccessful"],
    "status": ["reported", "verified"],
    "region": ["west_africa", "south_east_asia", "south_america", "gulf_of_aden"],
    "vessel_type": ["bulk_carrier", "product_tanker", "container"],
    "vessel_status": ["anchored", "berthed", "underway"],
    "weapons": ["knives", "guns", "none"],
    "significance": ["1", "2", "3", "4"],
    "tlp": ["clear", "green", "amber"],
    "country": ["NG", "ID", "SG", "BR"],
    "port": ["NGLOS", "IDJKT", "SGSIN", "BRSSZ", "NGLOS-ANCH"],
}


def random_query(rng: random.Random) -> str:
    params = QueryDict(mutable=True)
    for name in rng.sample(sorted(CHOICES), rng.randint(1, 3)):
        params[name] = ",".join(rng.sample(CHOICES[name], rng.randint(1, 2)))
    if rng.random() < 0.3:
        params["since"] = f"20{rng.randint(14, 22)}-0{rng.randint(1, 9)}-01"
    if rng.random() < 0.3:
        params["until"] = f"20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-28"
    if rng.random() < 0.3:
        latitude, longitude = rng.choice([(6.4, 3.4), (1.25, 103.8), (-23.9, -46.3)])
        params["near"] = f"{latitude},{longitude}"
        params["radius_nm"] = str(rng.choice([5, 20, 60, 250]))
    if rng.random() < 0.1:
        params["q"] = rng.choice(["robbers", "anchor", "engine", "ladder"])
    return params.urlencode()


def test_criteria_match_exactly_what_the_filters_find():
    seed_incidents(400, seed=31)
    incidents = list(Incident.objects.unrestricted().all())
    rng = random.Random(5)
    checked = agreed_true = 0
    for _ in range(120):
        query = random_query(rng)
        criteria = compile_criteria(query)
        found = set(
            filtered(Incident.objects.unrestricted().all(), QueryDict(query))[0].values_list(
                "pk", flat=True
            )
        )
        for incident in incidents:
            assert matches(criteria, incident) == (incident.pk in found), (query, incident.pk)
            checked += 1
            agreed_true += incident.pk in found
    assert checked == 120 * len(incidents)
    assert agreed_true > 200  # the filters found something often enough to compare


def test_bad_criteria_are_refused_as_the_filters_refuse_them():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        compile_criteria("near=95,3&radius_nm=10")
    with pytest.raises(ValidationError):
        compile_criteria("category=piracy")
