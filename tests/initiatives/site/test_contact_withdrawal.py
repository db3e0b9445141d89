"""An initiator who takes back their contact details is obeyed at once;
only what they add waits for a moderator."""

import datetime as dt

import pytest

from initiatives import services
from initiatives.forms import InitiativeForm
from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.initiatives.site.test_update_links import update_url

EMAIL = "jet.publiek@example.org"


@pytest.fixture
def shown(db):
    """A published initiative that shows its contact details."""
    return make_initiative(
        name="Samen Eten Kampen",
        contact_name="Jet de Vries",
        contact_email=EMAIL,
        contact_consent=True,
        tags=["wonen"],
    )


def sent_back(initiative, **changes) -> dict:
    """The update form as the initiator sends it, with changes."""
    data = InitiativeForm.initial_for(initiative)
    data.update({"place": "Kampen", "contact_consent": "on", **changes})
    if data["contact_consent"] is None:
        del data["contact_consent"]
    return {key: value for key, value in data.items() if value != ""}


def public_email(client, initiative) -> bool:
    page = client.get(initiative.get_absolute_url()).text
    api = client.get(f"/api/v1/initiatives/{initiative.slug}?format=json").json()
    assert (EMAIL in page) == (api["contact_email"] == EMAIL)
    return EMAIL in page


def test_the_form_round_trip_changes_nothing(shown, client):
    """Sending the form back unchanged waits for nobody."""
    assert client.post(update_url(shown), sent_back(shown)).status_code == 302
    shown.refresh_from_db()
    assert shown.pending_changes is None
    assert shown.contact_consent


def test_withdrawn_consent_takes_effect_at_once(shown, client):
    assert public_email(client, shown)
    response = client.post(update_url(shown), sent_back(shown, contact_consent=None))
    assert response.status_code == 302
    assert "Je wijzigingen staan online" in client.get(response["Location"]).text
    shown.refresh_from_db()
    assert not shown.contact_consent
    assert shown.pending_changes is None  # nothing left for a moderator
    assert shown not in Initiative.objects.needs_moderation()
    assert not public_email(client, shown)
    # Giving consent again is an addition: it waits for a moderator.
    client.post(update_url(shown), sent_back(shown))
    shown.refresh_from_db()
    assert shown.pending_changes["contact_consent"] is True
    assert not public_email(client, shown)


def test_withdrawal_is_immediate_and_the_rest_waits(shown, client):
    client.post(
        update_url(shown), sent_back(shown, contact_consent=None, name="Nieuwe naam")
    )
    shown.refresh_from_db()
    assert not public_email(client, shown)
    assert shown.name == "Samen Eten Kampen"
    assert shown.pending_changes["name"] == "Nieuwe naam"
    services.approve_changes(initiative=shown)
    shown.refresh_from_db()
    assert (shown.name, shown.contact_consent) == ("Nieuwe naam", False)


def test_a_changed_address_hides_the_old_one_until_approval(shown, client):
    new = "nieuw.adres@example.org"
    client.post(update_url(shown), sent_back(shown, contact_email=new))
    shown.refresh_from_db()
    assert not public_email(client, shown)
    assert shown.contact_email == EMAIL  # the new one is not public yet
    services.approve_changes(initiative=shown)
    shown.refresh_from_db()
    assert (shown.contact_email, shown.contact_consent) == (new, True)


def test_partners_syncing_see_the_withdrawal(shown, client):
    later = shown.updated_at + dt.timedelta(microseconds=1)
    since = later.isoformat().replace("+00:00", "Z")
    client.post(update_url(shown), sent_back(shown, contact_consent=None))
    body = client.get(f"/api/v1/initiatives?updated_since={since}&format=json")
    rows = body.json()["results"]
    assert [(r["id"], r["contact_email"]) for r in rows] == [(shown.pk, "")]
