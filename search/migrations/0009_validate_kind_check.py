from django.db import migrations

from core.migration_support import ValidateCheck


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_evaluation_kind"),
    ]

    operations = [
        # Every row against the check 0008 added; reads and writes of the index go on.
        ValidateCheck(model_name="searchentry", name="search_entry_kind_valid"),
    ]
