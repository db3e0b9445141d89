import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from api.models import ApiToken, ApiUsage


def create_token(*args):
    out = io.StringIO()
    call_command("create_partner_token", "provincie-fryslan", *args, stdout=out)
    return out.getvalue().strip()


def status_with(client, key):
    return client.get("/api/v1/tags", HTTP_AUTHORIZATION=f"Token {key}").status_code


def everything_stored() -> str:
    """Every row of every table Django knows, the admin's log included."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def test_command_creates_a_partner_and_prints_the_key_once(
    db, client, django_user_model
):
    key = create_token()
    user = django_user_model.objects.get(username="provincie-fryslan")
    assert not user.has_usable_password() and not user.is_staff
    assert status_with(client, key) == 200
    with pytest.raises(CommandError, match="--rotate"):
        create_token()  # the key cannot be shown again
    rotated = create_token("--rotate")
    assert rotated != key
    assert status_with(client, key) == 401
    assert status_with(client, rotated) == 200


def test_the_database_holds_no_key(db, client):
    key = create_token()
    token = ApiToken.objects.get()
    assert key not in everything_stored()
    assert token.digest in everything_stored() and key.startswith(token.prefix)


def test_the_backup_holds_no_usable_key(db, tmp_path):
    key = create_token()
    path = tmp_path / "backup.json"
    call_command("backup", str(path), verbosity=0)
    text = path.read_text()
    assert key not in text
    assert ApiToken.objects.get().digest in text  # restored partners keep working


def test_the_admin_shows_a_new_key_once_and_never_again(
    db, admin_client, client, django_user_model
):
    partner = django_user_model.objects.create_user("gemeente-zwolle")
    response = admin_client.post(
        reverse("admin:api_apitoken_add"), {"user": partner.pk}
    )
    assert response.status_code == 200
    key = re.search(r'<code id="api-key">([^<]+)</code>', response.text)[1]
    assert status_with(client, key) == 200
    token = ApiToken.objects.get(user=partner)
    pages = [
        reverse("admin:api_apitoken_changelist"),
        reverse("admin:api_apitoken_change", args=[token.pk]),
        reverse("admin:api_apitoken_history", args=[token.pk]),
        reverse("admin:index"),  # recent actions
    ]
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200
        assert key not in response.text
        assert "gemeente-zwolle" in response.text
    assert key not in everything_stored()


def test_reads_need_no_token(db, client):
    assert client.get("/api/v1/initiatives").status_code == 200


def test_a_wrong_token_is_401(db, client):
    response = client.get("/api/v1/initiatives", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Token"


def test_an_inactive_partners_key_is_401(partner, client):
    user, key = partner
    user.is_active = False
    user.save()
    assert status_with(client, key) == 401


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
    response = admin_client.get("/admin/api/apiusage/")
    assert response.status_code == 200
    assert "gemeente-kampen" in response.text
