import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    """An API client; ``api.as_(user)`` authenticates as a persona (None: anonymous)."""
    client = APIClient()

    def as_(user):
        client.force_authenticate(user=user)
        return client

    client.as_ = as_
    return client
