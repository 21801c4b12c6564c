"""Application.employer and Application.blkk: the vacancy's employer and the trainee's BLKK,
copied onto the application, each indexed with id.

An employer's and a BLKK's application lists then read their page straight from an index
instead of joining every vacancy of the employer or every trainee of the BLKK. The columns are
added nullable and without their foreign keys, filled by one set-based UPDATE, then made NOT
NULL with their foreign keys (validated in one pass) and indexed. The keys come after the UPDATE
because on PostgreSQL a deferred key would queue a check per updated row, and the ALTER TABLE
after it would be refused while those were pending.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill_application_owners(apps, schema_editor) -> None:
    """Set each application's employer and BLKK from its vacancy and trainee: one UPDATE.

    Rows already right are left alone on PostgreSQL, so it also repairs copies that drifted.
    """
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    application = qn(apps.get_model("vacancies", "Application")._meta.db_table)
    vacancy = qn(apps.get_model("vacancies", "Vacancy")._meta.db_table)
    trainee = qn(apps.get_model("trainees", "Trainee")._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # hash joins, not lookups per row
            cursor.execute(
                f"UPDATE {application} AS a SET employer_id = v.employer_id, blkk_id = t.blkk_id "  # noqa: S608 - model metadata
                f"FROM {vacancy} AS v, {trainee} AS t WHERE v.id = a.vacancy_id AND t.id = a.trainee_id "
                "AND (a.employer_id IS DISTINCT FROM v.employer_id OR a.blkk_id IS DISTINCT FROM t.blkk_id)"
            )
        else:  # SQLite and the rest: correlated subqueries
            cursor.execute(
                f"UPDATE {application} SET "  # noqa: S608 - model metadata
                f"employer_id = (SELECT v.employer_id FROM {vacancy} AS v WHERE v.id = {application}.vacancy_id), "
                f"blkk_id = (SELECT t.blkk_id FROM {trainee} AS t WHERE t.id = {application}.trainee_id)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_contact_phone_accepts_landlines"),
        ("registry", "0002_blkk_phone_validated"),
        ("vacancies", "0003_vacancy_status_indexes_end_with_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="employer",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="applications",
                to="employers.employer",
                verbose_name="employer",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="blkk",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="registry.blkk",
                verbose_name="BLKK",
            ),
        ),
        migrations.RunPython(fill_application_owners, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="application",
            name="employer",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="applications",
                to="employers.employer",
                verbose_name="employer",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="blkk",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="registry.blkk",
                verbose_name="BLKK",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["employer", "id"], name="application_employer_id_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["blkk", "id"], name="application_blkk_id_idx"),
        ),
    ]
