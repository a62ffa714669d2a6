# The ``danish`` collation used by name columns. On PostgreSQL it comes from ICU, so that
# Æ, Ø, Å sort after Z and "Aa" sorts as "Å"; SQLite gets the same rule at connection time
# (kkr_portal/collation.py) and this operation does nothing there.
from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [CreateCollation("danish", provider="icu", locale="da-DK")]
