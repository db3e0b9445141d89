import io

from django.core.management import call_command
from rest_framework.authtoken.models import Token

from initiatives.models import ApiUsage


def test_command_creates_a_partner_and_token(db, django_user_model):
    out = io.StringIO()
    call_command("create_partner_token", "provincie-fryslan", stdout=out)
    key = out.getvalue().strip()
    user = django_user_model.objects.get(username="provincie-fryslan")
    assert Token.objects.get(user=user).key == key
    assert not user.has_usable_password() and not user.is_staff
    again = io.StringIO()
    call_command("create_partner_token", "provincie-fryslan", stdout=again)
    assert again.getvalue().strip() == key
    rotated = io.StringIO()
    call_command(
        "create_partner_token", "provincie-fryslan", "--rotate", stdout=rotated
    )
    assert rotated.getvalue().strip() != key


def test_reads_need_no_token(db, client):
    assert client.get("/api/v1/initiatives").status_code == 200


def test_a_wrong_token_is_401(db, client):
    response = client.get("/api/v1/initiatives", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Token"


def test_use_is_counted_per_token_per_day(partner, partner_client, client):
    for _ in range(3):
        assert partner_client.get("/api/v1/tags").status_code == 200
    usage = ApiUsage.objects.get(user=partner[0])
    assert usage.requests == 3
    client.defaults.pop("HTTP_AUTHORIZATION")
    client.get("/api/v1/tags")
    usage.refresh_from_db()
    assert usage.requests == 3  # anonymous requests are not counted


def test_staff_see_usage_in_the_admin(partner, partner_client, admin_client):
    partner_client.get("/api/v1/tags")
    response = admin_client.get("/admin/initiatives/apiusage/")
    assert response.status_code == 200
    assert "gemeente-kampen" in response.text
