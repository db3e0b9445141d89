from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from idempotency.models import StoredResponse
from initiatives.models import Initiative
from outbox.models import Mail
from tests.api.test_submissions import URL, VALID


def post(client, data, key, **headers):
    return client.post(
        URL, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **headers
    )


def test_a_repeated_key_gets_the_first_answer_and_creates_nothing(db, client):
    first = post(client, VALID, "a1b2c3")
    again = post(client, VALID, "a1b2c3")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Initiative.objects.count() == 1
    assert Mail.objects.filter(kind="submitted").count() == 1


def test_the_same_key_with_another_body_is_a_422(db, client):
    post(client, VALID, "a1b2c3")
    response = post(client, {**VALID, "name": "Iets anders"}, "a1b2c3")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "Idempotency-Key" in response.json()["detail"]
    assert Initiative.objects.count() == 1


def test_the_order_of_the_fields_does_not_matter(db, client):
    post(client, VALID, "a1b2c3")
    reordered = dict(reversed(list(VALID.items())))
    assert post(client, reordered, "a1b2c3")["Idempotent-Replayed"] == "true"


def test_keys_belong_to_one_client(db, client, partner):
    """A partner's key and an anonymous client's key never meet."""
    post(client, VALID, "a1b2c3", REMOTE_ADDR="10.1.1.1")
    post(client, VALID, "a1b2c3", REMOTE_ADDR="10.1.1.2")
    token = f"Token {partner[1]}"
    post(client, VALID, "a1b2c3", HTTP_AUTHORIZATION=token)
    assert post(client, VALID, "a1b2c3", HTTP_AUTHORIZATION=token).status_code == 201
    assert Initiative.objects.count() == 3


def test_a_key_is_kept_for_24_hours(db, client):
    post(client, VALID, "a1b2c3")
    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        assert post(client, VALID, "a1b2c3")["Idempotent-Replayed"] == "true"
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        response = post(client, {**VALID, "name": "Een dag later"}, "a1b2c3")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Initiative.objects.count() == 2
    assert StoredResponse.objects.count() == 1


def test_a_refused_submission_keeps_no_answer(db, client):
    assert post(client, {**VALID, "lat": 200}, "a1b2c3").status_code == 400
    response = post(client, VALID, "a1b2c3")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Initiative.objects.count() == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "sleutel met spaties", "sleutél"])
def test_a_malformed_key_is_a_400_naming_the_header(db, client, key):
    response = post(client, VALID, key)
    assert response.status_code == 400
    names = [p["name"] for p in response.json()["invalidParams"]]
    assert names == ["Idempotency-Key"]
    assert not Initiative.objects.exists()


def test_the_schema_documents_the_header(db, client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/submissions"]["post"]
    header = next(p for p in operation["parameters"] if p["in"] == "header")
    assert header["name"] == "Idempotency-Key"
    assert "application/problem+json" in operation["responses"]["422"]["content"]
