"""Enrolment.blkk: the trainee's BLKK, copied onto the enrolment, indexed (blkk, id).

A BLKK's enrolment list then reads its page straight from the index instead of joining every
trainee of the BLKK. The column is added nullable and without its foreign key, filled by one
set-based UPDATE, then made NOT NULL with its foreign key (validated in one pass) and indexed.
The key comes after the UPDATE because on PostgreSQL a deferred key would queue a check per
updated row, and the ALTER TABLE after it would be refused while those were pending.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill_enrolment_blkk(apps, schema_editor) -> None:
    """Set each enrolment's BLKK to its trainee's: one UPDATE, whatever the number of rows.

    Rows already right are left alone on PostgreSQL, so it also repairs a copy that drifted.
    """
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    enrolment = qn(apps.get_model("trainees", "Enrolment")._meta.db_table)
    trainee = qn(apps.get_model("trainees", "Trainee")._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # a hash join, not a lookup per row
            cursor.execute(
                f"UPDATE {enrolment} AS e SET blkk_id = t.blkk_id FROM {trainee} AS t "  # noqa: S608 - model metadata
                "WHERE t.id = e.trainee_id AND e.blkk_id IS DISTINCT FROM t.blkk_id"
            )
        else:  # SQLite and the rest: a correlated subquery
            cursor.execute(
                f"UPDATE {enrolment} SET blkk_id = "  # noqa: S608 - model metadata
                f"(SELECT t.blkk_id FROM {trainee} AS t WHERE t.id = {enrolment}.trainee_id)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_blkk_phone_validated"),
        ("trainees", "0003_drop_indexes_covered_by_composites"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="blkk",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="enrolments",
                to="registry.blkk",
                verbose_name="BLKK",
            ),
        ),
        migrations.RunPython(fill_enrolment_blkk, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="enrolment",
            name="blkk",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="enrolments",
                to="registry.blkk",
                verbose_name="BLKK",
            ),
        ),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(fields=["blkk", "id"], name="enrolment_blkk_id_idx"),
        ),
    ]
