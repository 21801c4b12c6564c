"""Logging filter that keeps personal data out of the logs (UU PDP)."""

import logging


class RedactPersonalData(logging.Filter):
    """Placeholder wired in settings.LOGGING; the privacy work replaces the body."""

    def filter(self, record: logging.LogRecord) -> bool:
        return True
