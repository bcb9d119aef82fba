"""The values an incident's facts take: categories, outcomes, weapons, vessels, status, the
source's reliability and the information's credibility, significance."""

from __future__ import annotations

from django.db import models


class Category(models.TextChoices):
    BOARDED = "boarded", "Boarded"
    ATTEMPTED = "attempted", "Attempted boarding"
    FIRED_UPON = "fired_upon", "Fired upon"
    HIJACKED = "hijacked", "Hijacked"
    KIDNAPPING = "kidnapping", "Kidnapping"
    SUSPICIOUS_APPROACH = "suspicious_approach", "Suspicious approach"
    SEIZURE = "seizure", "Seizure"
    DRONE_ATTACK = "drone_attack", "Drone or missile attack"
    THEFT = "theft", "Theft"
    OTHER = "other", "Other"


class Outcome(models.TextChoices):
    SUCCESSFUL = "successful", "Successful"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
    UNKNOWN = "unknown", "Unknown"


class FoiledBy(models.TextChoices):
    CREW_ALERT = "crew_alert", "Alert crew"
    ALARM = "alarm", "Alarm"
    SECURITY_TEAM = "security_team", "Security team"
    NAVY = "navy", "Navy or coast guard"
    MANOEUVRE = "manoeuvre", "Manoeuvre"


class Weapon(models.TextChoices):
    NONE = "none", "None"
    KNIVES = "knives", "Knives"
    MACHETES = "machetes", "Machetes"
    GUNS = "guns", "Guns"
    OTHER = "other", "Other"


class Target(models.TextChoices):
    FORECASTLE_STORE = "forecastle_store", "Forecastle store"
    BOSUN_STORE = "bosun_store", "Bosun store"
    ENGINE_ROOM = "engine_room", "Engine room"
    SHIPS_STORES = "ships_stores", "Ship's stores"
    CARGO = "cargo", "Cargo"
    CREW_PROPERTY = "crew_property", "Crew property"
    BUNKERS = "bunkers", "Bunkers"
    OTHER = "other", "Other"


class VesselType(models.TextChoices):
    TANKER = "tanker", "Tanker"
    PRODUCT_TANKER = "product_tanker", "Product or chemical tanker"
    LPG_LNG = "gas_carrier", "LPG or LNG carrier"
    BULK_CARRIER = "bulk_carrier", "Bulk carrier"
    CONTAINER = "container", "Container ship"
    GENERAL_CARGO = "general_cargo", "General cargo"
    RORO = "roro", "Ro-ro or vehicle carrier"
    PASSENGER = "passenger", "Passenger or cruise ship"
    OFFSHORE = "offshore", "Offshore or supply vessel"
    TUG = "tug", "Tug or barge"
    FISHING = "fishing", "Fishing vessel"
    YACHT = "yacht", "Yacht"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Unknown"


class VesselStatus(models.TextChoices):
    ANCHORED = "anchored", "Anchored"
    BERTHED = "berthed", "Berthed"
    UNDERWAY = "underway", "Underway"
    DRIFTING = "drifting", "Drifting"
    UNKNOWN = "unknown", "Unknown"


class Status(models.TextChoices):
    REPORTED = "reported", "Reported"
    VERIFIED = "verified", "Verified"
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Disputed"
    RETRACTED = "retracted", "Retracted"


class SourceReliability(models.TextChoices):
    A = "A", "A: completely reliable"
    B = "B", "B: usually reliable"
    C = "C", "C: fairly reliable"
    D = "D", "D: not usually reliable"
    E = "E", "E: unreliable"
    F = "F", "F: reliability cannot be judged"


class InformationCredibility(models.IntegerChoices):
    CONFIRMED = 1, "1: confirmed by other sources"
    PROBABLY_TRUE = 2, "2: probably true"
    POSSIBLY_TRUE = 3, "3: possibly true"
    DOUBTFUL = 4, "4: doubtful"
    IMPROBABLE = 5, "5: improbable"
    CANNOT_JUDGE = 6, "6: truth cannot be judged"


class Significance(models.IntegerChoices):
    CAT1 = 1, "CAT 1: very significant"
    CAT2 = 2, "CAT 2: significant"
    CAT3 = 3, "CAT 3: less significant"
    CAT4 = 4, "CAT 4: least significant"
