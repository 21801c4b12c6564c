"""Officials read aggregates only: no NIK, name, phone, e-mail or address of a trainee anywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.dashboards.conftest import xlsx_rows

pytestmark = pytest.mark.django_db


def personal_data(world) -> list[str]:
    return [
        value
        for trainee in world.trainees()
        for value in (trainee.nik, trainee.full_name, trainee.phone, trainee.email, trainee.address)
    ]


def everything_an_official_can_open(client, world) -> dict[str, str]:
    blkk = world["blkk:a"].pk
    export = lambda table, fmt, query="": reverse("dashboards:export", args=[table, fmt]) + query  # noqa: E731
    urls = [
        reverse("dashboards:index"),
        reverse("dashboards:index") + "?regency=33.25",
        reverse("dashboards:regency", args=["33.25"]),
        reverse("dashboards:regency", args=["33.27"]),
        reverse("dashboards:blkk", args=[blkk]),
        export("kabupaten-kota", "csv"),
        export("kejuruan", "csv"),
        export("lulusan-per-bulan", "csv"),
        export("blkk", "csv", "?regency=33.25"),
        export("program", "csv", f"?blkk={blkk}"),
        export("lulusan-per-bulan", "csv", f"?blkk={blkk}"),
    ]
    seen = {url: client.get(url).content.decode("utf-8-sig") for url in urls}
    for table, query in (("kabupaten-kota", ""), ("blkk", "?regency=33.25"), ("program", f"?blkk={blkk}")):
        url = export(table, "xlsx", query)
        seen[url] = repr(xlsx_rows(client.get(url)))
    return seen


def test_no_page_or_export_shows_personal_data(client, olivia, world):
    client.force_login(olivia)
    secrets = personal_data(world)
    for url, body in everything_an_official_can_open(client, world).items():
        leaked = [secret for secret in secrets if secret in body]
        assert leaked == [], url


def test_admins_dashboard_shows_no_personal_data_either(client, root, world):
    client.force_login(root)
    secrets = personal_data(world)
    for url, body in everything_an_official_can_open(client, world).items():
        assert not [secret for secret in secrets if secret in body], url


def test_blkk_summary_leaves_out_the_blkks_contact_details(client, olga, world):
    blkk = world["blkk:a"]
    blkk.phone, blkk.email = "0285391234", "kontak@ponpes.example.id"
    blkk.save()
    client.force_login(olga)
    page = client.get(reverse("dashboards:blkk", args=[blkk.pk])).content.decode()
    assert blkk.address not in page and blkk.phone not in page and blkk.email not in page
    assert blkk.registration_number in page and blkk.name in page
