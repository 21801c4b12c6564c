"""Logging filter that keeps personal data out of the logs (UU PDP).

Wired in ``settings.LOGGING`` as the ``redact`` filter of the console handler. Whatever a log
call passes — a message template, its arguments, an exception traceback or a stack — the filter
renders the final text once and rewrites it:

- a NIK (16 digits, or any longer digit run) keeps its first four digits (the regency), the rest
  becomes ``*`` (``3325************``, as ``core.validators.mask_nik``);
- an Indonesian phone number (``08…``, ``628…``, ``+628…``, 9–15 digits with optional spaces or
  dashes, also ``%2B62`` URL-encoded) becomes ``[phone]``;
- an e-mail address (also ``%40`` URL-encoded) becomes ``[email]``.

The record's ``msg`` becomes the redacted text and ``args`` is emptied, so every later handler
and formatter sees only the redacted message. Over-redaction is preferred to a leak.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from apps.core.validators import mask_nik

PHONE_PLACEHOLDER = "[phone]"
EMAIL_PLACEHOLDER = "[email]"

NIK_RE = re.compile(r"(?<!\d)\d{16,}(?!\d)")
# 0 8 + 7..13 digits (9–15 digits); 62 8 / +62 8 + 7..12 digits; single spaces or dashes allowed.
PHONE_RE = re.compile(
    r"(?<![\w.])(?:(?:\+|%2[bB])?62[\s-]?|0)8(?:[\s-]?\d){7,13}(?!\d)",
)
EMAIL_RE = re.compile(r"[\w.%+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.UNICODE)


def redact(text: str) -> str:
    """``text`` with NIKs masked and phone numbers and e-mail addresses replaced."""
    if not text:
        return text
    text = EMAIL_RE.sub(EMAIL_PLACEHOLDER, text)
    text = NIK_RE.sub(lambda m: mask_nik(m.group()), text)
    return PHONE_RE.sub(PHONE_PLACEHOLDER, text)


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # a broken %-template: keep every piece, redacted, rather than lose it
        return " ".join([str(record.msg), *(repr(arg) for arg in _as_tuple(record.args))])


def _as_tuple(args: Any) -> tuple[Any, ...]:
    if not args:
        return ()
    if isinstance(args, dict):
        return tuple(args.values())
    return tuple(args) if isinstance(args, tuple) else (args,)


class RedactPersonalData(logging.Filter):
    """Mask NIKs and remove phone numbers and e-mail addresses from every record (never drops)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(_message(record))
        record.args = ()
        if record.exc_info and not record.exc_text:
            # The formatter uses a pre-rendered exc_text as is: render it here, redacted
            # (database errors quote the offending row, e.g. "Key (nik)=(…) already exists").
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
