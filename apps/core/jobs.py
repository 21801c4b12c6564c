"""Publishing Celery tasks from a request without ever holding it.

A publish uses short socket timeouts and one quick retry, and subscribes to no result (the
result backend is the same Redis, without those timeouts): against a dead or hung broker it gives
up in about 2 s. Once it has given up, further publishes from this process skip the broker for
``PAUSE`` seconds, so a request that would publish twice (a vacancy's match run, then the
dashboards' refresh) still answers promptly. What was not sent is sent later by its sweeper or beat
schedule (``force=True`` for those: they try the broker whatever the pause says).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import InterfaceError, OperationalError

log = logging.getLogger(__name__)

# Options of every task: retried with backoff when the database blinks, acknowledged only once
# done, and redelivered if the worker dies.
TASK_OPTIONS = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 3,
    "acks_late": True,
    "reject_on_worker_lost": True,
}
PUBLISH_TIMEOUTS = {"socket_timeout": 1.0, "socket_connect_timeout": 1.0}
RETRY_POLICY = {"max_retries": 1, "interval_start": 0.1, "interval_step": 0.2, "interval_max": 0.3}
PAUSE = 15.0  # seconds without trying the broker after a failed publish
_broker_down_until = 0.0


def publish(task: Any, *args: Any, force: bool = False) -> bool:
    """Send ``task(*args)``; ``False`` (logged) if the broker is unreachable or paused."""
    global _broker_down_until
    from blkk_portal.celery import app

    name = getattr(task, "name", task)
    if not force and time.monotonic() < _broker_down_until:
        log.warning("%s not sent: the broker failed moments ago", name)
        return False
    try:
        with app.connection_for_write(transport_options=PUBLISH_TIMEOUTS) as connection:
            task.apply_async(
                args=list(args),
                connection=connection,
                ignore_result=True,
                retry=True,
                retry_policy=RETRY_POLICY,
            )
    except Exception:  # broker down or hung: never the request's problem
        _broker_down_until = time.monotonic() + PAUSE
        log.warning("%s not sent: broker unavailable", name, exc_info=True)
        return False
    _broker_down_until = 0.0
    return True
