from outbox import services
from outbox.models import Mail

LINK = "/wijzigen/geheim-token/"


def test_the_admin_shows_no_body_of_a_waiting_mail(admin_client):
    """Staff see who gets what and when, never the personal links in it."""
    mail = services.queue(
        to="anna@example.org", kind="submitted", subject="Ontvangen", body=LINK
    )
    assert Mail.objects.get(pk=mail.pk).body == LINK  # waiting for the worker
    for url in (
        "/admin/outbox/mail/",
        f"/admin/outbox/mail/{mail.pk}/change/",
        f"/admin/outbox/mail/?q={mail.to}",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "anna@example.org" in response.text
        assert "geheim-token" not in response.text, url
    page = admin_client.get(f"/admin/outbox/mail/{mail.pk}/change/").text
    assert "Ontvangen" in page
