import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.html import foreign_assets

CHANGELIST = reverse("admin:initiatives_initiative_changelist")


@pytest.fixture
def moderator_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("mod", "mod@example.org", "pw")
    client.force_login(user)
    return client


def moderate_url(initiative):
    return reverse("admin:initiatives_initiative_moderate", args=[initiative.pk])


def test_moderation_list_shows_new_and_changed_only(db, moderator_client):
    make_initiative(name="Nieuw", status="pending")
    make_initiative(name="Gewijzigd", pending_changes={"name": "Anders"})
    make_initiative(name="Rustig")
    response = moderator_client.get(CHANGELIST, {"moderation": "todo"})
    names = [i.name for i in response.context["cl"].result_list]
    assert sorted(names) == ["Gewijzigd", "Nieuw"]


def test_moderation_page_shows_the_submission_on_a_map(db, moderator_client):
    initiative = make_initiative(
        name="Nieuw", status="pending", lon=6.50833, lat=53.3925
    )
    response = moderator_client.get(moderate_url(initiative))
    assert response.status_code == 200
    assert "/static/leaflet/leaflet.js" in response.text
    assert "53.392500, 6.508330" in response.text
    assert 'name="publish"' in response.text and 'name="reject"' in response.text


def test_change_page_links_to_moderation(db, moderator_client):
    initiative = make_initiative(status="pending")
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    assert moderate_url(initiative) in moderator_client.get(url).text


def test_approving_publishes_and_mails_the_initiator(
    db, moderator_client, mailoutbox, sent_after_commit
):
    initiative = make_initiative(name="Nieuw", status="pending")
    with sent_after_commit():
        response = moderator_client.post(moderate_url(initiative), {"publish": "1"})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PUBLISHED
    (mail,) = mailoutbox
    assert mail.to == [initiative.contact_email]
    assert "Nieuw" in mail.subject
    assert initiative.get_absolute_url() in mail.body


def test_rejecting_needs_a_reason_that_reaches_the_initiator(
    db, moderator_client, mailoutbox, sent_after_commit
):
    initiative = make_initiative(name="Koop nu", status="pending")
    with sent_after_commit():
        response = moderator_client.post(moderate_url(initiative), {"reject": "1"})
    assert response.status_code == 200  # shown again with the error
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PENDING
    assert mailoutbox == []
    reason = "Dit is een commercieel bedrijf, geen burgerinitiatief."
    with sent_after_commit():
        moderator_client.post(
            moderate_url(initiative), {"reject": "1", "reason": reason}
        )
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REJECTED
    assert initiative.moderation_note == reason
    (mail,) = mailoutbox
    assert reason in mail.body
    # The name was never approved: it does not travel to the address given.
    assert "Koop nu" not in mail.subject + mail.body


def test_changes_are_shown_beside_the_published_values(db, moderator_client):
    initiative = make_initiative(name="Oud", pending_changes={"name": "Nieuw"})
    response = moderator_client.get(moderate_url(initiative))
    assert "<td>Oud</td><td>Nieuw</td></tr>" in response.text
    change = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    assert "<td>Nieuw</td>" in moderator_client.get(change).text


def test_pending_changes_are_escaped_in_the_admin(db, moderator_client):
    initiative = make_initiative(
        pending_changes={"name": "<img src=x onerror=alert(1)>"}
    )
    response = moderator_client.get(moderate_url(initiative))
    assert "<img src=x" not in response.text
    assert "&lt;img src=x" in response.text


def test_rejecting_changes_keeps_the_published_version(
    db, moderator_client, mailoutbox, sent_after_commit
):
    initiative = make_initiative(name="Oud", pending_changes={"name": "Nieuw"})
    with sent_after_commit():
        moderator_client.post(
            moderate_url(initiative), {"reject_changes": "1", "reason": "Onjuist."}
        )
    initiative.refresh_from_db()
    assert (initiative.name, initiative.pending_changes) == ("Oud", None)
    assert initiative.status == Initiative.Status.PUBLISHED
    assert "Onjuist." in mailoutbox[0].body


def test_approving_changes_mails_the_initiator(
    db, moderator_client, mailoutbox, sent_after_commit
):
    initiative = make_initiative(name="Oud", pending_changes={"name": "Nieuw"})
    with sent_after_commit():
        moderator_client.post(moderate_url(initiative), {"approve_changes": "1"})
    initiative.refresh_from_db()
    assert initiative.name == "Nieuw"
    assert "Nieuw" in mailoutbox[0].subject


def test_every_change_is_kept_in_the_history(db, moderator_client):
    initiative = make_initiative(name="Oud", status="pending")
    moderator_client.post(moderate_url(initiative), {"publish": "1"})
    history = initiative.history.order_by("history_date")
    assert [h.status for h in history] == ["pending", "published"]
    assert history.last().history_user.username == "mod"
    url = reverse("admin:initiatives_initiative_history", args=[initiative.pk])
    assert "mod" in moderator_client.get(url).text


def test_reject_service_refuses_an_empty_reason(db):
    initiative = make_initiative(status="pending")
    with pytest.raises(ValidationError):
        services.reject(initiative=initiative, reason="  ")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PENDING


def test_approve_changes_refuses_when_nothing_waits(db):
    with pytest.raises(ValidationError):
        services.approve_changes(initiative=make_initiative())


def test_moderation_page_needs_a_staff_login(db, client):
    initiative = make_initiative(status="pending")
    response = client.post(moderate_url(initiative), {"publish": "1"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PENDING


def test_moderation_list_has_a_map_of_the_waiting_initiatives(db, moderator_client):
    make_initiative(name="<b>Nieuw</b>", status="pending", lon=6.50833, lat=53.3925)
    make_initiative(name="Rustig")
    response = moderator_client.get(CHANGELIST, {"moderation": "todo"})
    assert "/static/leaflet/leaflet.js" in response.text
    points = response.text.split('<script id="admin-points" type="application/json">')[
        1
    ]
    points = points.split("</script>")[0]
    assert "53.3925" in points and "Rustig" not in points
    assert "\\u003Cb\\u003ENieuw" in points  # escaped for the script element
    assert foreign_assets(response.text) == []
