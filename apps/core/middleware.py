"""Indonesian first: pages speak Indonesian unless the user chose English.

Many Indonesian phones run an English system language, so a browser's Accept-Language says little
about what its user reads best. Pages therefore ignore it and follow only the language the user
picked with the switch (Django's language cookie). The API keeps honouring Accept-Language: a
client asks for English error messages explicitly.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class IndonesianFirstMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
