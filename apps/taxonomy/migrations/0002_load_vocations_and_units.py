"""BLKK vocations (kejuruan) and their SKKNI-style competency units.

Data: apps/taxonomy/data/vocations.json (editable afterwards in the admin).
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "vocations.json"


def load(apps, schema_editor):
    Vocation = apps.get_model("taxonomy", "Vocation")
    CompetencyUnit = apps.get_model("taxonomy", "CompetencyUnit")
    for item in json.loads(DATA.read_text(encoding="utf-8")):
        vocation, _ = Vocation.objects.update_or_create(
            code=item["code"], defaults={"name": item["name_id"], "name_en": item["name_en"]}
        )
        for unit in item["units"]:
            CompetencyUnit.objects.update_or_create(
                code=unit["code"],
                defaults={"title": unit["title_id"], "title_en": unit["title_en"], "vocation": vocation},
            )


def unload(apps, schema_editor):
    apps.get_model("taxonomy", "CompetencyUnit").objects.all().delete()
    apps.get_model("taxonomy", "Vocation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
