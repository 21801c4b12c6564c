"""The vacancy status indexes end with id, so a status and a regency or vocation (e.g. the API's
``?status=open&regency=``, by -id) read their page in order straight from the index."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0002_list_keyset_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="vacancy", name="vacancy_status_regency_idx"),
        migrations.AddIndex(
            model_name="vacancy",
            index=models.Index(fields=["status", "regency", "id"], name="vacancy_status_regency_idx"),
        ),
        migrations.RemoveIndex(model_name="vacancy", name="vacancy_status_vocation_idx"),
        migrations.AddIndex(
            model_name="vacancy",
            index=models.Index(fields=["status", "vocation", "id"], name="vacancy_status_vocation_idx"),
        ),
    ]
