"""The founding groups: the Port Crime Working Group in CSO Groups (a lens with no fixed
port: its page asks which one), and the four Latest Regional Intelligence groups, each with
its regions as its lens. Their data is written here as it was when this migration was made
(``groups.founding`` holds the same, for tests that make them again)."""

from django.db import migrations

PORT_CRIME = {
    "slug": "port-crime",
    "name": "Port Crime Working Group",
    "collection": "cso",
    "join_policy": "open",
    "description": "Drill into the data at any port or anchorage: pick a port, read its "
    "trend, and discuss what the figures say with the CSOs who call there.",
    "lens_asks_port": True,
}
REGIONAL = [
    (
        "asia",
        "Asia",
        "region=south_east_asia&region=far_east&region=indian_subcontinent",
        "South East Asia, the Far East and the Indian sub-continent",
    ),
    ("west-africa", "West Africa", "region=west_africa", "West Africa and the Gulf of Guinea"),
    (
        "gulf-of-aden",
        "Gulf of Aden",
        "region=gulf_of_aden&region=red_sea&region=arabian_sea",
        "the Gulf of Aden, the Somali Basin, the Red Sea and the Arabian Sea",
    ),
    (
        "mediterranean",
        "Mediterranean",
        "region=mediterranean",
        "the Mediterranean and the Black Sea",
    ),
]


def found(Group) -> None:
    """Make the founding groups that are missing (the migration, and tests that find them
    gone after a transactional test emptied the tables)."""
    Group.objects.get_or_create(slug=PORT_CRIME["slug"], defaults=PORT_CRIME)
    for slug, name, lens, where in REGIONAL:
        Group.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "collection": "regional_intelligence",
                "join_policy": "open",
                "lens": lens,
                "description": f"The editors' consolidated intelligence for {where}: the "
                "reporting centres' advisories and the quality feeds, in one briefing.",
            },
        )


def create(apps, schema_editor):
    found(apps.get_model("groups", "Group"))


def remove(apps, schema_editor):
    Group = apps.get_model("groups", "Group")
    Group.objects.filter(slug__in=[PORT_CRIME["slug"], *(r[0] for r in REGIONAL)]).delete()


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
