import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from tests.factories import make_staff


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Each test starts with empty throttle counters."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner(db, django_user_model):
    user = django_user_model.objects.create_user("gemeente-kampen")
    return user, Token.objects.create(user=user)


@pytest.fixture
def partner_client(client, partner):
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {partner[1].key}"
    return client


@pytest.fixture
def staff_client(client, db):
    """A moderator: staff with the moderation permission, by token."""
    token = Token.objects.create(user=make_staff())
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client
