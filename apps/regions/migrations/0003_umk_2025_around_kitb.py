"""UMK 2025 of the four regencies around KITB (Keputusan Gubernur Jawa Tengah, 2024)."""

from decimal import Decimal

from django.db import migrations

UMK_2025 = {
    "33.25": Decimal("2534382.00"),  # Kabupaten Batang
    "33.26": Decimal("2486653.59"),  # Kabupaten Pekalongan
    "33.75": Decimal("2545138.00"),  # Kota Pekalongan
    "33.27": Decimal("2296140.00"),  # Kabupaten Pemalang
}


def load(apps, schema_editor):
    MinimumWage = apps.get_model("regions", "MinimumWage")
    for code, amount in UMK_2025.items():
        MinimumWage.objects.update_or_create(regency_id=code, year=2025, defaults={"amount": amount})


def unload(apps, schema_editor):
    apps.get_model("regions", "MinimumWage").objects.filter(regency_id__in=UMK_2025, year=2025).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_load_provinces_and_regencies")]
    operations = [migrations.RunPython(load, unload)]
