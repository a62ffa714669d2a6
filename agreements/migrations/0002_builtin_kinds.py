"""The built-in kinds of agreement (their names follow the reader's language through
``BuiltinKind``; ``name`` and ``slug`` are the stored Danish forms)."""

from django.db import migrations

BUILTIN = [
    ("performance_contract", "Resultatkontrakt", "resultatkontrakt"),
    ("contract", "Kontrakt", "kontrakt"),
    ("partnership", "Partnerskabsaftale", "partnerskabsaftale"),
    ("framework", "Rammeaftale", "rammeaftale"),
    ("development", "Udviklingsaftale", "udviklingsaftale"),
    ("action_plan", "Aktionsplan", "aktionsplan"),
]


def add_kinds(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django's migration API
    AgreementKind = apps.get_model("agreements", "AgreementKind")
    for code, name, slug in BUILTIN:
        AgreementKind.objects.get_or_create(code=code, defaults={"name": name, "slug": slug})


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
