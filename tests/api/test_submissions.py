import pytest
from django.contrib.auth.models import Permission, User

from api.models import ApiUsage
from initiatives.models import Initiative
from tests.factories import make_api_key, make_initiative, make_staff

URL = "/api/v1/submissions"
VALID = {
    "name": "Samen in Kampen",
    "summary": "Buren koken voor elkaar.",
    "lat": 52.555,
    "lon": 5.911,
    "place_name": "Kampen",
    "contact_email": "initiatiefnemer@example.org",
    "tags": ["wonen", "zorg"],
}


def post(client, data):
    return client.post(URL, data, content_type="application/json")


def test_anonymous_submission_is_pending(db, client):
    response = post(client, VALID)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    initiative = Initiative.objects.get(pk=body["id"])
    assert initiative.status == Initiative.Status.PENDING
    assert initiative.submitted_by is None
    assert initiative.municipality.name == "Kampen"
    assert sorted(initiative.tags.values_list("slug", flat=True)) == ["wonen", "zorg"]
    assert "initiatiefnemer@example.org" not in response.text
    assert client.get("/api/v1/initiatives").json()["count"] == 0


def test_token_submission_records_the_partner(partner, partner_client):
    response = post(partner_client, VALID)
    assert response.status_code == 201
    initiative = Initiative.objects.get(pk=response.json()["id"])
    assert initiative.submitted_by == partner[0]
    assert ApiUsage.objects.get(user=partner[0]).requests == 1


def test_a_submission_cannot_publish_itself(db, client):
    response = post(client, {**VALID, "status": "published"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "status"
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    ("change", "blamed"),
    [
        ({"name": ""}, {"name"}),
        ({"name": None}, {"name"}),
        ({"name": "x" * 121}, {"name"}),
        ({"lat": 200}, {"lat"}),
        ({"lon": "oost"}, {"lon"}),
        ({"lat": 53.9, "lon": 3.1}, {"location"}),  # the North Sea
        ({"website": "geen url"}, {"website"}),
        ({"contact_email": "geen-adres"}, {"contact_email"}),
        ({"tags": ["bestaat-niet"]}, {"tags"}),
    ],
)
def test_field_errors(db, client, change, blamed):
    data = {**VALID, **change}
    response = post(client, data)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert {p["name"] for p in problem["invalidParams"]} == blamed
    assert not Initiative.objects.exists()


def test_missing_fields_are_all_named(db, client):
    response = post(client, {})
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"name", "summary", "lat", "lon", "place_name"}


def test_malformed_json_is_400(db, client):
    response = client.post(URL, "{nope", content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_anonymous_submissions_are_throttled(db, client, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "anon-submit": "2/hour"},
    }
    statuses = [post(client, VALID).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    response = post(client, VALID)
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    assert Initiative.objects.count() == 2


def test_partners_get_a_higher_rate(partner_client, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **rates,
            "anon-submit": "1/hour",
            "partner-submit": "3/hour",
        },
    }
    statuses = [post(partner_client, VALID).status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]


def test_reads_are_throttled_per_ip(db, client, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "anon": "2/minute"},
    }
    statuses = [client.get("/api/v1/tags").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    other_ip = client.get("/api/v1/tags", REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 200


def test_partner_reads_have_their_own_rate(partner_client, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "anon": "1/minute", "partner": "3/minute"},
    }
    statuses = [partner_client.get("/api/v1/tags").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    partner_client.defaults.pop("HTTP_AUTHORIZATION")
    assert partner_client.get("/api/v1/tags").status_code == 200  # anonymous


def test_staff_publish_and_reject(db, staff_client):
    first, second = make_initiative(status="pending"), make_initiative(status="pending")
    response = staff_client.post(f"{URL}/{first.id}/publish")
    assert response.status_code == 200 and response.json()["status"] == "published"
    response = staff_client.post(
        f"{URL}/{second.id}/reject",
        {"reason": "Geen zorg"},
        content_type="application/json",
    )
    assert response.status_code == 200
    second.refresh_from_db()
    assert (second.status, second.moderation_note) == ("rejected", "Geen zorg")
    again = staff_client.post(f"{URL}/{second.id}/publish")
    assert again.status_code == 400  # the service refuses: a rejected one stays
    second.refresh_from_db()
    assert second.status == "rejected"
    assert staff_client.post(f"{URL}/999999/publish").status_code == 404


def test_only_staff_moderate(db, client, partner_client):
    initiative = make_initiative(status="pending")
    assert partner_client.post(f"{URL}/{initiative.id}/publish").status_code == 403
    client.defaults.pop("HTTP_AUTHORIZATION")
    assert client.post(f"{URL}/{initiative.id}/publish").status_code == 401
    initiative.refresh_from_db()
    assert initiative.status == "pending"


@pytest.fixture
def helper_client(client, db):
    """Staff without the moderation permission (say, an editor of tags)."""
    user = make_staff(username="helper", can_moderate=False)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {make_api_key(user)}"
    return client


@pytest.mark.parametrize("decision", ["publish", "reject"])
def test_staff_without_the_moderation_permission_cannot_moderate(
    helper_client, decision
):
    """Exactly as in the admin: being staff is not enough."""
    initiative = make_initiative(status="pending")
    url, body = f"{URL}/{initiative.id}/{decision}", {"reason": "Geen zorg"}
    if decision == "publish":
        body = {}
    response = helper_client.post(url, body, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    initiative.refresh_from_db()
    assert initiative.status == "pending"
    user = User.objects.get(username="helper")
    user.user_permissions.add(Permission.objects.get(codename="change_initiative"))
    again = helper_client.post(url, body, content_type="application/json")
    assert again.status_code == 200
    initiative.refresh_from_db()
    assert initiative.status != "pending"


def test_one_address_gets_few_mails_however_many_submissions(
    db, client, settings, mailoutbox, sent_after_commit
):
    """Submissions all naming one victim's address: every one is stored,
    the address gets at most MAIL_RECIPIENT_DAILY_LIMIT mails."""
    settings.MAIL_RECIPIENT_DAILY_LIMIT = 2
    with sent_after_commit():
        statuses = [post(client, VALID).status_code for _ in range(4)]
    assert statuses == [201] * 4
    assert [mail.to for mail in mailoutbox] == [["initiatiefnemer@example.org"]] * 2


def test_a_geojson_geometry_gives_the_location(db, client):
    data = {k: v for k, v in VALID.items() if k not in ("lat", "lon")}
    data["geometry"] = {"type": "Point", "coordinates": [5.911, 52.555]}
    response = post(client, data)
    assert response.status_code == 201
    initiative = Initiative.objects.get()
    assert (initiative.location.x, initiative.location.y) == (5.911, 52.555)
    assert response["Location"].endswith(f"/api/v1/initiatives/{initiative.slug}")


@pytest.mark.parametrize(
    ("geometry", "extra", "blamed"),
    [
        (
            {"type": "Point", "coordinates": [52.555, 5.911]},
            {},
            {"geometry.coordinates"},
        ),
        ({"type": "LineString", "coordinates": [5.9, 52.5]}, {}, {"geometry.type"}),
        ({"type": "Point", "coordinates": [5.9]}, {}, {"geometry.coordinates"}),
        ({"type": "Point", "coordinates": [5.9, 52.5]}, {"lat": 52.5}, {"geometry"}),
    ],
)
def test_bad_geometries_are_named(db, client, geometry, extra, blamed):
    data = {k: v for k, v in VALID.items() if k not in ("lat", "lon")}
    response = post(client, {**data, "geometry": geometry, **extra})
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == blamed
    assert not Initiative.objects.exists()


def test_every_error_of_a_submission_is_reported_at_once(db, client):
    response = post(client, {"name": "", "website": "geen url"})
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"name", "summary", "lat", "lon", "place_name", "website"}
