"""All 38 provinces and 514 regencies/cities with Kemendagri codes and centroids.

Source and attribution: apps/regions/data/README.md.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Province = apps.get_model("regions", "Province")
    Regency = apps.get_model("regions", "Regency")
    with (DATA / "provinces.csv").open(encoding="utf-8") as fh:
        Province.objects.bulk_create(
            [
                Province(
                    code=r["code"],
                    name=r["name"],
                    latitude=float(r["latitude"]),
                    longitude=float(r["longitude"]),
                )
                for r in csv.DictReader(fh)
            ],
            ignore_conflicts=True,
        )
    with (DATA / "regencies.csv").open(encoding="utf-8") as fh:
        Regency.objects.bulk_create(
            [
                Regency(
                    code=r["code"],
                    province_id=r["province_code"],
                    kind=r["kind"],
                    name=r["name"],
                    latitude=float(r["latitude"]),
                    longitude=float(r["longitude"]),
                )
                for r in csv.DictReader(fh)
            ],
            ignore_conflicts=True,
        )


def unload(apps, schema_editor):
    apps.get_model("regions", "Regency").objects.all().delete()
    apps.get_model("regions", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
