"""Celery application. Tasks live in each app's ``tasks.py`` and are thin wrappers."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blkk_portal.settings")

app = Celery("blkk_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
