"""Helpers shared by the admin tests (tests/<app>/test_admin.py)."""

from django.utils import translation


def form_of(response):
    return response.context["adminform"].form


def error_codes(response, field: str) -> list[str | None]:
    return [error.code for error in form_of(response).errors.as_data()[field]]


def indonesian_errors(response, field: str) -> list[str]:
    with translation.override("id"):
        return list(form_of(response).errors[field])


def english_errors(response, field: str) -> list[str]:
    with translation.override("en"):
        return list(form_of(response).errors[field])


def post_refused(admin_client, url: str, data: dict):
    """POST and check the admin redisplayed the form (200) instead of saving."""
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert form_of(response).errors
    return response
