"""Kawasan Industri Terpadu Batang (KITB), the park the portal first serves."""

from django.db import migrations


def load(apps, schema_editor):
    IndustrialPark = apps.get_model("employers", "IndustrialPark")
    IndustrialPark.objects.update_or_create(
        name="Kawasan Industri Terpadu Batang", defaults={"short_name": "KITB", "regency_id": "33.25"}
    )


def unload(apps, schema_editor):
    apps.get_model("employers", "IndustrialPark").objects.filter(short_name="KITB").delete()


class Migration(migrations.Migration):
    dependencies = [("employers", "0001_initial"), ("regions", "0002_load_provinces_and_regencies")]
    operations = [migrations.RunPython(load, unload)]
