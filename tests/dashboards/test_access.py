"""Who may open the dashboard pages and exports, and how far a filter may reach (404 outside)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

INDEX = reverse("dashboards:index")


def export(table: str, fmt: str = "csv") -> str:
    return reverse("dashboards:export", args=[table, fmt])


def page_urls(world) -> list[str]:
    return [
        INDEX,
        reverse("dashboards:regency", args=["33.25"]),
        reverse("dashboards:blkk", args=[world["blkk:a"].pk]),
        export("kabupaten-kota"),
        export("kejuruan", "xlsx"),
        export("lulusan-per-bulan"),
        f"{export('blkk')}?regency=33.25",
        f"{export('program')}?blkk={world['blkk:a'].pk}",
    ]


def test_anonymous_is_sent_to_the_login_page(client, world):
    for url in page_urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next=/dasbor/"), url


@pytest.mark.parametrize("persona", ["alice", "carol"])
def test_blkk_staff_and_employers_get_404(client, world, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in page_urls(world):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("persona", ["olivia", "olga", "root"])
def test_officials_and_admins_whose_scope_holds_batang_open_every_page(client, world, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in page_urls(world):
        assert client.get(url).status_code == 200, url


def test_national_official_sees_every_province(client, olivia, world):
    client.force_login(olivia)
    codes = [row["code"] for row in client.get(INDEX).context["regencies"].rows]
    assert codes == ["31.71", "33.25", "33.26", "33.27"]


def test_province_official_sees_only_their_province(client, olga, world):
    client.force_login(olga)
    codes = [row["code"] for row in client.get(INDEX).context["regencies"].rows]
    assert codes == ["33.25", "33.26", "33.27"]


def test_regency_official_sees_only_their_regency(client, oscar, world):
    client.force_login(oscar)
    codes = [row["code"] for row in client.get(INDEX).context["regencies"].rows]
    assert codes == ["33.27"]


@pytest.mark.parametrize(
    "url",
    [
        f"{INDEX}?regency=33.25",
        f"{INDEX}?province=31",
        reverse("dashboards:regency", args=["33.25"]),
        f"{export('kabupaten-kota')}?regency=33.25",
        f"{export('kejuruan')}?province=31",
        f"{export('lulusan-per-bulan')}?regency=33.26",
        f"{export('blkk')}?regency=33.25",
    ],
)
def test_regency_official_gets_404_outside_their_regency(client, oscar, world, url):
    client.force_login(oscar)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("key", ["blkk:a", "blkk:a2", "blkk:c"])
def test_regency_official_gets_404_for_a_blkk_of_another_regency(client, oscar, world, key):
    client.force_login(oscar)
    pk = world[key].pk
    assert client.get(reverse("dashboards:blkk", args=[pk])).status_code == 404
    assert client.get(f"{export('program')}?blkk={pk}").status_code == 404
    assert client.get(f"{export('lulusan-per-bulan')}?blkk={pk}").status_code == 404


def test_regency_official_opens_their_own_blkk(client, oscar, world):
    client.force_login(oscar)
    response = client.get(reverse("dashboards:blkk", args=[world["blkk:b"].pk]))
    assert response.status_code == 200
    assert response.context["blkk"] == world["blkk:b"]


def test_a_province_filter_around_a_regency_scope_does_not_widen_it(client, oscar, world):
    client.force_login(oscar)
    response = client.get(INDEX, {"province": "33"})
    assert response.status_code == 200
    assert [row["code"] for row in response.context["regencies"].rows] == ["33.27"]
    assert response.context["kpis"]["blkk_count"] == 1


@pytest.mark.parametrize(
    "url",
    [
        f"{INDEX}?province=31",
        f"{INDEX}?regency=31.71",
        reverse("dashboards:regency", args=["31.71"]),
        f"{export('kabupaten-kota', 'xlsx')}?province=31",
        export("provinsi"),  # the national table of provinces
    ],
)
def test_province_official_gets_404_outside_their_province(client, olga, world, url):
    client.force_login(olga)
    assert client.get(url).status_code == 404


def test_province_official_gets_404_for_a_blkk_of_another_province(client, olga, world):
    client.force_login(olga)
    assert client.get(reverse("dashboards:blkk", args=[world["blkk:c"].pk])).status_code == 404


def test_jakarta_official_gets_404_for_jawa_tengah(client, otto, world):
    client.force_login(otto)
    assert client.get(INDEX, {"province": "33"}).status_code == 404
    assert client.get(reverse("dashboards:regency", args=["33.25"])).status_code == 404
    assert client.get(reverse("dashboards:blkk", args=[world["blkk:a"].pk])).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"province": "3x"},
        {"province": "99"},
        {"regency": "abc"},
        {"regency": "99.99"},
        {"regency": "33.25\x00"},
        {"province": "33'; DROP TABLE x; --"},
    ],
)
def test_malformed_or_unknown_filters_answer_404_not_500(client, olivia, world, query):
    client.force_login(olivia)
    assert client.get(INDEX, query).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        reverse("dashboards:blkk", args=[999999]),
        reverse("dashboards:regency", args=["99.99"]),
        reverse("dashboards:regency", args=["33-25"]),
        export("unknown"),
        export("kabupaten-kota", "pdf"),
        f"{export('program')}?blkk=abc",
        f"{export('program')}",
        f"{export('blkk')}",
        f"{export('kejuruan')}?blkk=999999",
    ],
)
def test_unknown_objects_tables_and_formats_answer_404(client, olivia, world, url):
    client.force_login(olivia)
    assert client.get(url).status_code == 404


def test_a_regency_outside_the_chosen_province_yields_to_the_province(client, olivia, world):
    client.force_login(olivia)
    response = client.get(INDEX, {"province": "31", "regency": "33.25"})
    assert response.status_code == 200
    assert response.context["area"].regency is None
    assert [row["code"] for row in response.context["regencies"].rows] == ["31.71"]


def test_national_official_gets_province_choices_and_the_chosen_provinces_regencies(client, olivia, world):
    client.force_login(olivia)
    choices = client.get(INDEX, {"province": "33"}).context["choices"]
    assert len(choices["provinces"]) == 38
    assert ("33.27", "Kabupaten Pemalang") in choices["regencies"]
    assert all(code.startswith("33.") for code, _name in choices["regencies"])


def test_province_official_chooses_only_among_their_provinces_regencies(client, olga, world):
    client.force_login(olga)
    choices = client.get(INDEX).context["choices"]
    assert choices["provinces"] == []
    assert len(choices["regencies"]) == 35  # Jawa Tengah: 29 kabupaten and 6 kota
    assert all(code.startswith("33.") for code, _name in choices["regencies"])


def test_regency_official_has_nothing_to_choose(client, oscar, world):
    client.force_login(oscar)
    response = client.get(INDEX)
    assert response.context["choices"] == {"provinces": [], "regencies": []}
    assert 'id="f-province"' not in response.content.decode()


def test_officials_nav_links_to_the_dashboard(client, olga, world):
    client.force_login(olga)
    html = client.get(INDEX).content.decode()
    assert f'href="{INDEX}" aria-current="page"' in html
