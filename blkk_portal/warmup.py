"""Warm a freshly started process before it serves anyone.

A new gunicorn worker would otherwise import every view, load both catalogues and compile each
template on its first requests: about 0.7 s for the first visitor of each page, after every
deploy and every ``max_requests`` recycle. ``warm_up`` does that work up front (called from
``wsgi.py``; with gunicorn's ``preload_app`` once in the master, inherited by every worker).
It opens no database connection.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def warm_up() -> int:
    """Import the URLconf's views, load the catalogues, compile every template. Returns how many
    templates were compiled."""
    from django.template import TemplateSyntaxError, engines
    from django.template.utils import get_app_template_dirs
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Dashboard")
    engine = engines["django"]
    directories = [Path(d) for d in engine.dirs] + [Path(d) for d in get_app_template_dirs("templates")]
    compiled = 0
    for directory in directories:
        for path in sorted(directory.rglob("*.html")):
            try:
                engine.get_template(path.relative_to(directory).as_posix())
            except TemplateSyntaxError:  # a third-party template for an app we do not load
                continue
            compiled += 1
    return compiled
