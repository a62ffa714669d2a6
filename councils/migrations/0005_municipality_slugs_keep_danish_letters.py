"""Municipality slugs keep Danish letters readable: ``koebenhavn``, not ``kbenhavn-101``.

The old slugs were Django's ``slugify`` of "name-code", which drops æ, ø and å. The rule
is copied here (a migration must not change when the code does): Danish names write the
letters out (æ → ae, ø → oe, å → aa), Swedish names lose only the accent; the code is added
only to the second of two municipalities that would share a slug. Municipality pages also
answer by code (``/kommuner/101/``), which does not change.
"""

from django.db import migrations
from django.utils.text import slugify

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _readable(value, country="DK"):
    if country == "DK":
        value = value.translate(_DANISH)
    return slugify(value.replace("ß", "ss"))


def readable_slugs(apps, schema_editor):
    Municipality = apps.get_model("councils", "Municipality")
    municipalities = list(Municipality.objects.select_related("region").order_by("code"))
    wanted = {}
    for municipality in municipalities:
        slug = _readable(municipality.name, municipality.region.country) or _readable(
            municipality.code
        )
        wanted.setdefault(slug, []).append(municipality)
    # Two steps, so no new slug meets an old one still in the table (slugs are unique).
    for municipality in municipalities:
        municipality.slug = f"tmp-{municipality.pk}"
    Municipality.objects.bulk_update(municipalities, ["slug"])
    for slug, holders in wanted.items():
        # As Municipality.slug_for: the first by code keeps the plain slug.
        for number, municipality in enumerate(holders):
            municipality.slug = slug if number == 0 else f"{slug}-{_readable(municipality.code)}"
    Municipality.objects.bulk_update(municipalities, ["slug"])


def name_code_slugs(apps, schema_editor):
    Municipality = apps.get_model("councils", "Municipality")
    municipalities = list(Municipality.objects.all())
    for municipality in municipalities:
        municipality.slug = slugify(f"{municipality.name}-{municipality.code}")
    Municipality.objects.bulk_update(municipalities, ["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0004_body_publishes_attendance"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="municipality",
            options={
                "ordering": ["name", "code"],
                "verbose_name": "municipality",
                "verbose_name_plural": "municipalities",
            },
        ),
        migrations.RunPython(readable_slugs, name_code_slugs),
    ]
