"""Page access by role. Object access still goes through ``apps.accounts.policies``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from apps.accounts import policies


def role_required(*roles: str) -> Callable:
    """Logged-in users of the given roles (admins always) — anyone else gets a 404 (anonymous:
    the login page), so the existence of a page is not revealed to the wrong role."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            role = policies.role_of(request.user)
            if role is None:
                return redirect_to_login(request.get_full_path())
            if role not in roles and role != "admin":
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
