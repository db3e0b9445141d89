import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from initiatives.models import Initiative
from tests.factories import make_initiative, make_staff
from tests.html import foreign_assets
from tests.initiatives.site.test_link_relay import personal_link
from tests.initiatives.site.test_update_links import update_url


@pytest.fixture
def moderator_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "moderator", "m@example.org", "pw"
    )
    client.force_login(user)
    return client


def test_changelist_shows_the_initiatives(seeded, moderator_client):
    response = moderator_client.get(reverse("admin:initiatives_initiative_changelist"))
    assert response.status_code == 200
    for name in ("De Holm", "Het 8ste Werk", "Zorgcoöperatie Austerlitz"):
        assert name in response.text


def test_change_page_has_a_self_hosted_map_widget(seeded, moderator_client):
    holm = Initiative.objects.get(slug="de-holm")
    url = reverse("admin:initiatives_initiative_change", args=[holm.pk])
    response = moderator_client.get(url)
    assert response.status_code == 200
    assert "/static/leaflet/leaflet.js" in response.text
    assert "6.50833" in response.text and "53.3925" in response.text
    assert foreign_assets(response.text) == []


def test_bulk_publish_action_publishes_pending_only(db, moderator_client):
    pending = make_initiative(status="pending")
    rejected = make_initiative(status="rejected")
    response = moderator_client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "publish", "_selected_action": [pending.pk, rejected.pk]},
        follow=True,
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    rejected.refresh_from_db()
    assert (pending.status, rejected.status) == ("published", "rejected")


def test_admin_filters_by_region(seeded, moderator_client):
    url = reverse("admin:initiatives_initiative_changelist")
    noorden = Initiative.objects.get(slug="de-holm").region_id
    response = moderator_client.get(url, {"region__id__exact": noorden})
    assert "De Holm" in response.text
    assert "Austerlitz" not in response.text


@pytest.fixture
def helper_client(client, db):
    """Staff who may look at initiatives but not moderate them."""
    user = make_staff(username="helper", can_moderate=False)
    user.user_permissions.add(Permission.objects.get(codename="view_initiative"))
    client.force_login(user)
    return client


def test_staff_without_the_moderation_permission_cannot_moderate(helper_client):
    pending = make_initiative(status="pending")
    for action in ("publish", "archive"):
        helper_client.post(
            reverse("admin:initiatives_initiative_changelist"),
            {"action": action, "_selected_action": [pending.pk]},
        )
    url = reverse("admin:initiatives_initiative_moderate", args=[pending.pk])
    assert helper_client.get(url).status_code == 403
    assert helper_client.post(url, {"publish": "1"}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"


def change_form_data(response) -> dict:
    """The admin change form as the browser sends it back unchanged."""
    data = {}
    for field in response.context["adminform"].form:
        value = field.value()
        if value is None or value is False:
            continue
        if isinstance(value, list):
            value = [getattr(item, "pk", item) for item in value]
        data[field.name] = getattr(value, "wkt", value)
    return data


def test_an_address_a_moderator_enters_takes_the_links_over(
    db, moderator_client, mailoutbox, sent_after_commit
):
    initiative = make_initiative(contact_email="oud@example.org")
    old_link = update_url(initiative)
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    data = change_form_data(moderator_client.get(url))
    with sent_after_commit():
        response = moderator_client.post(
            url, {**data, "contact_email": "nieuw@example.org"}
        )
    assert response.status_code == 302
    assert moderator_client.get(old_link).status_code == 400
    (notice,) = [mail for mail in mailoutbox if mail.to == ["oud@example.org"]]
    assert "/wijzigen/" not in notice.body
    (welcome,) = [mail for mail in mailoutbox if mail.to == ["nieuw@example.org"]]
    assert moderator_client.get(personal_link(welcome)).status_code == 200


def test_saving_the_admin_form_unchanged_keeps_the_links(db, moderator_client):
    initiative = make_initiative()
    link = update_url(initiative)
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    data = change_form_data(moderator_client.get(url))
    assert moderator_client.post(url, data).status_code == 302
    assert moderator_client.get(link).status_code == 200


def test_the_change_form_cannot_change_the_status(
    db, moderator_client, mailoutbox, sent_after_commit
):
    """Publishing goes through the service, with its guards and e-mail: the
    change form shows the status but does not take it."""
    initiative = make_initiative(name="Nieuw", status="pending")
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    form = {
        "name": "Nieuw",
        "summary": initiative.summary,
        "place_name": initiative.place_name,
        "location": initiative.location.geojson,
        "contact_email": initiative.contact_email,
        "moderation_note": "Nagebeld.",
        "status": "published",
    }
    with sent_after_commit():
        response = moderator_client.post(url, form)
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.moderation_note == "Nagebeld."  # the rest was saved
    assert initiative.status == Initiative.Status.PENDING
    assert mailoutbox == []

    with sent_after_commit():
        moderator_client.post(
            reverse("admin:initiatives_initiative_changelist"),
            {"action": "publish", "_selected_action": [initiative.pk]},
        )
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PUBLISHED
    (mail,) = mailoutbox
    assert mail.to == [initiative.contact_email]
