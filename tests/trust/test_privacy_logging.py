"""Personal data never reaches the logs (UU PDP): the ``redact`` filter and a realistic session."""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from apps.core.logging import RedactPersonalData, redact
from apps.trainees import services
from apps.trainees.models import Trainee
from tests import factories as f

NIK = "3325011705020001"
PHONE = "081234567890"
EMAIL = "budi.santoso@example.id"

# Numbers as tokens: a digit run inside a random hex/base64 token (password hashes, session data
# in the SQL log) is not personal data, and would make the scan flaky.
ANY_NIK = re.compile(r"(?<![0-9A-Za-z])\d{16}(?![0-9A-Za-z])")
ANY_EMAIL = re.compile(r"[\w.+-]+(?:@|%40)[\w-]+\.[\w.-]+")
ANY_PHONE = re.compile(r"(?<![0-9A-Za-z.])(?:\+|%2B)?(?:62|0)8\d{7,13}(?![0-9A-Za-z])")


def _record(msg: object, *args: object, exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord("test", logging.WARNING, __file__, 1, msg, args or None, exc_info)


def _filtered(msg: object, *args: object) -> str:
    record = _record(msg, *args)
    assert RedactPersonalData().filter(record) is True
    return record.getMessage()


# --- the filter --------------------------------------------------------------------------------
def test_nik_keeps_its_regency_digits_only():
    assert redact(f"NIK {NIK} ditolak") == "NIK 3325************ ditolak"


@pytest.mark.parametrize(
    "phone",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "+6281234567890",
        "+62 812 3456 7890",
        "6281234567890",
        "081234567",
        "%2B6281234567890",
    ],
)
def test_indonesian_phone_numbers_are_replaced(phone):
    assert redact(f"phone={phone};") == "phone=[phone];"


@pytest.mark.parametrize("email", ["budi.santoso@example.id", "a+b@mail.co.id", "budi%40example.id"])
def test_email_addresses_are_replaced(email):
    assert redact(f"user {email} failed") == "user [email] failed"


@pytest.mark.parametrize(
    "text",
    ["2025-01-08 12:00:00,123 INFO", "GET /blkk/peserta/12345/ 200", "took 0.081234567 s", "UMK 2534382"],
)
def test_ordinary_numbers_are_left_alone(text):
    assert redact(text) == text


def test_arguments_are_redacted_and_folded_into_the_message():
    record = _record("Trainee %s (%s, %s) refused", NIK, PHONE, EMAIL)
    RedactPersonalData().filter(record)
    assert record.args == ()
    assert record.msg == "Trainee 3325************ ([phone], [email]) refused"


def test_mapping_arguments_are_redacted():
    assert _filtered("%(nik)s/%(mail)s", {"nik": NIK, "mail": EMAIL}) == "3325************/[email]"


def test_non_string_message_is_redacted():
    assert _filtered(ValueError(f"bad {EMAIL}")) == "bad [email]"


def test_a_broken_template_is_kept_redacted_not_lost():
    message = _filtered("two %s %s", NIK)
    assert "3325************" in message and NIK not in message


def test_exception_text_is_redacted():
    try:
        raise IntegrityError(
            f"duplicate key value violates unique constraint DETAIL: Key (nik)=({NIK}) {EMAIL}"
        )
    except IntegrityError:
        record = _record("create failed", exc_info=sys.exc_info())
    RedactPersonalData().filter(record)
    text = logging.Formatter().format(record)
    assert "3325************" in text
    assert NIK not in text and EMAIL not in text


def test_filter_is_idempotent():
    once = redact(f"{NIK} {PHONE} {EMAIL}")
    assert redact(once) == once


def test_console_handler_uses_the_filter():
    handlers = logging.getLogger().handlers
    assert any(isinstance(flt, RedactPersonalData) for h in handlers for flt in h.filters)


# --- a realistic session -----------------------------------------------------------------------
@pytest.fixture
def all_logs(caplog, settings):
    """Every record at DEBUG, SQL included, through the configured filter."""
    configured = next(
        flt for h in logging.getLogger().handlers for flt in h.filters if isinstance(flt, RedactPersonalData)
    )
    caplog.handler.addFilter(configured)
    for name in (None, "django", "django.request", "django.db.backends", "axes"):
        caplog.set_level(logging.DEBUG, logger=name)
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    connection.force_debug_cursor = True
    yield caplog
    connection.force_debug_cursor = False
    caplog.handler.removeFilter(configured)


def _captured(caplog) -> str:
    parts = [caplog.text]
    for record in caplog.records:
        parts += [record.getMessage(), record.exc_text or "", record.stack_info or ""]
    return "\n".join(parts)


def test_portal_session_logs_no_personal_data(all_logs, client, alice, blkk_a, settings):
    settings.AXES_ENABLED = True
    trainee = f.TraineeFactory(blkk=blkk_a, nik=NIK, phone=PHONE, email=EMAIL, address="Jl. Melati 3")
    other_nik = f.make_nik("33.25", dt.date(2001, 3, 4), "P")
    logger = logging.getLogger("apps.trainees")

    # Log-in failures with an e-mail address as the username (page and API token).
    client.post("/masuk/", {"username": EMAIL, "password": "wrong"})
    client.post("/api/v1/auth/token/", {"username": EMAIL, "password": "wrong"})
    client.force_login(alice)

    # A trainee with bad input through the API and the page (duplicate NIK, bad e-mail / phone).
    bad = {
        "nik": NIK,
        "full_name": "Siti Aminah",
        "gender": "P",
        "birth_date": "2001-03-04",
        "education": "SMK",
        "regency": "33.25",
        "phone": "0812-9876-5432",
        "email": "siti.aminah@example",
    }
    assert client.post("/api/v1/trainees/", bad, content_type="application/json").status_code == 400
    assert client.post("/api/v1/trainees/", {**bad, "nik": other_nik, "phone": "0812"}).status_code == 400
    assert client.post("/blkk/peserta/baru/", bad).status_code == 200
    assert client.post("/blkk/peserta/baru/", {**bad, "nik": "3325 0144 0301 0002"}).status_code == 200

    # 404s with NIK-, phone- and e-mail-like ids in the path and the query.
    for url in (
        f"/blkk/peserta/{NIK}/",
        f"/api/v1/trainees/{NIK}/",
        f"/api/v1/trainees/{NIK}/?phone={PHONE}&email={EMAIL}",
        f"/tidak-ada/{NIK}/?q={PHONE}",
        f"/tidak-ada/{EMAIL}/+6281234567890/",
    ):
        assert client.get(url).status_code == 404
    assert client.get(f"/blkk/peserta/?q={NIK}").status_code == 200

    # A service's ValidationError and a database IntegrityError, logged with their tracebacks.
    try:
        services.trainee_create(blkk=blkk_a, **{**bad, "regency": trainee.regency})
    except ValidationError as exc:
        logger.warning("Refused trainee %s (%s): %s", NIK, EMAIL, exc)
    try:
        with transaction.atomic():
            Trainee.objects.bulk_create(
                [Trainee(blkk=blkk_a, regency=trainee.regency, nik=NIK, birth_date=dt.date(2002, 1, 1))]
            )
    except IntegrityError:
        logger.exception("Import of %s failed", PHONE)

    text = _captured(all_logs)
    assert "Not Found" in text and "INSERT" in text  # the session really was logged
    assert "3325************" in text
    assert ANY_NIK.findall(text) == []
    assert ANY_EMAIL.findall(text) == []
    assert ANY_PHONE.findall(re.sub(r"(?<=\d)[\s-](?=\d)", "", text)) == []
    for value in (NIK, PHONE, EMAIL, "81234567890", "siti.aminah", "8129876543"):
        assert value not in text
