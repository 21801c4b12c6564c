"""Region and minimum-wage (UMK) admin: bad input is refused field by field and changes nothing."""

from decimal import Decimal

from django.urls import reverse

from apps.regions.models import MinimumWage
from tests.admin_helpers import form_of, indonesian_errors, post_refused

ADD_URL = reverse("admin:regions_minimumwage_add")


def umk_data(**overrides) -> dict:
    data = {"regency": "33.25", "year": "2026", "amount": "2700000.00"}
    data.update(overrides)
    return data


def test_admin_adds_a_minimum_wage(admin_client):
    response = admin_client.post(ADD_URL, umk_data())

    assert response.status_code == 302
    assert MinimumWage.objects.get(regency="33.25", year=2026).amount == Decimal("2700000.00")


def test_admin_refuses_negative_minimum_wage(admin_client):
    response = post_refused(admin_client, ADD_URL, umk_data(amount="-1"))

    assert indonesian_errors(response, "amount") == [
        "Pastikan nilai ini lebih besar dari atau sama dengan 0."
    ]
    assert not MinimumWage.objects.filter(year=2026).exists()


def test_admin_refuses_second_minimum_wage_for_the_same_regency_and_year(admin_client):
    # The 2025 UMK of Kab. Batang ships as data: Rp 2,534,382.
    response = post_refused(admin_client, ADD_URL, umk_data(year="2025", amount="1"))

    assert [e.code for e in form_of(response).errors.as_data()["year"]] == ["unique_together"]
    assert MinimumWage.objects.get(regency="33.25", year=2025).amount == Decimal("2534382.00")


def test_admin_refuses_minimum_wage_year_before_2000(admin_client):
    response = post_refused(admin_client, ADD_URL, umk_data(year="1999"))

    assert indonesian_errors(response, "year") == [
        "Pastikan nilai ini lebih besar dari atau sama dengan 2000."
    ]
    assert not MinimumWage.objects.filter(year=1999).exists()


def test_admin_refuses_minimum_wage_that_is_not_a_number(admin_client):
    response = post_refused(admin_client, ADD_URL, umk_data(amount="dua juta"))

    assert [e.code for e in form_of(response).errors.as_data()["amount"]] == ["invalid"]
    assert not MinimumWage.objects.filter(year=2026).exists()


def test_admin_change_refuses_negative_amount_and_keeps_the_old_one(admin_client):
    umk = MinimumWage.objects.get(regency="33.27", year=2025)

    post_refused(
        admin_client,
        reverse("admin:regions_minimumwage_change", args=[umk.pk]),
        umk_data(regency="33.27", year="2025", amount="-5"),
    )

    umk.refresh_from_db()
    assert umk.amount == Decimal("2296140.00")


def test_admin_finds_a_regency_by_code_prefix(admin_client):
    response = admin_client.get(reverse("admin:regions_regency_changelist"), {"q": "33.2"})

    codes = {regency.code for regency in response.context["cl"].result_list}
    assert {"33.25", "33.26", "33.27"} <= codes
    assert all(code.startswith("33.2") for code in codes)


def test_admin_province_list_counts_regencies(admin_client):
    response = admin_client.get(reverse("admin:regions_province_changelist"), {"q": "33"})

    [province] = [p for p in response.context["cl"].result_list if p.code == "33"]
    assert province.regency_count == 35  # Jawa Tengah: 29 kabupaten + 6 kota
