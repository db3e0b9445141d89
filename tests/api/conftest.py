import pytest

from tests.factories import make_api_key, make_staff


@pytest.fixture
def partner(db, django_user_model):
    user = django_user_model.objects.create_user("gemeente-kampen")
    return user, make_api_key(user)


@pytest.fixture
def partner_client(client, partner):
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {partner[1]}"
    return client


@pytest.fixture
def staff_client(client, db):
    """A moderator: staff with the moderation permission, by token."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {make_api_key(make_staff())}"
    return client
