"""Vocation and competency-unit admin: bad codes are refused field by field and change nothing."""

from django.urls import reverse
from django.utils import translation

from apps.taxonomy.models import CompetencyUnit, Vocation
from tests import factories as f
from tests.admin_helpers import error_codes, form_of, post_refused

VOCATION_ADD_URL = reverse("admin:taxonomy_vocation_add")
UNIT_ADD_URL = reverse("admin:taxonomy_competencyunit_add")


def inline_management(prefix: str, total: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def vocation_data(**overrides) -> dict:
    data = {"code": "BATIK", "name": "Membatik", "name_en": "Batik making", **inline_management("units")}
    data.update(overrides)
    return data


def unit_data(**overrides) -> dict:
    data = {
        "code": "C.131000.001.01",
        "title": "Menyiapkan kain",
        "title_en": "",
        "vocation": f.vocation().pk,
    }
    data.update(overrides)
    return data


def test_admin_adds_a_vocation_with_its_first_unit(admin_client):
    data = vocation_data(**inline_management("units", total=1))
    data.update({"units-0-code": "C.131000.001.01", "units-0-title": "Menyiapkan kain"})

    response = admin_client.post(VOCATION_ADD_URL, data)

    assert response.status_code == 302
    assert list(Vocation.objects.get(code="BATIK").units.values_list("code", flat=True)) == [
        "C.131000.001.01"
    ]


def test_admin_refuses_lowercase_vocation_code(admin_client):
    count = Vocation.objects.count()

    response = post_refused(admin_client, VOCATION_ADD_URL, vocation_data(code="batik"))

    assert error_codes(response, "code") == ["vocation_code"]
    with translation.override("en"):
        assert list(form_of(response).errors["code"]) == ["Use 2–10 capital letters, e.g. LAS."]
    assert Vocation.objects.count() == count


def test_admin_refuses_duplicate_vocation_code(admin_client):
    count = Vocation.objects.count()

    response = post_refused(admin_client, VOCATION_ADD_URL, vocation_data(code="LAS"))

    assert error_codes(response, "code") == ["unique"]
    assert Vocation.objects.count() == count


def test_admin_refuses_competency_unit_code_not_in_skkni_style(admin_client):
    count = CompetencyUnit.objects.count()

    response = post_refused(admin_client, UNIT_ADD_URL, unit_data(code="LAS-01"))

    assert error_codes(response, "code") == ["unit_code"]
    with translation.override("id"):
        assert list(form_of(response).errors["code"])
    assert CompetencyUnit.objects.count() == count


def test_admin_refuses_competency_unit_without_vocation(admin_client):
    count = CompetencyUnit.objects.count()

    response = post_refused(admin_client, UNIT_ADD_URL, unit_data(vocation=""))

    assert error_codes(response, "vocation") == ["required"]
    assert CompetencyUnit.objects.count() == count


def test_admin_vocation_inline_refuses_bad_unit_code(admin_client):
    data = vocation_data(**inline_management("units", total=1))
    data.update({"units-0-code": "bad", "units-0-title": "Menyiapkan kain"})

    response = admin_client.post(VOCATION_ADD_URL, data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert [e.code for e in errors[0].as_data()["code"]] == ["unit_code"]
    assert not Vocation.objects.filter(code="BATIK").exists()
