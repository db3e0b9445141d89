import pytest
from django.core.exceptions import ValidationError

from gatherings import services
from gatherings.models import Gathering
from tests.gatherings.factories import make_gathering


def test_cancel_keeps_it_public_and_raises_the_sequence(db):
    gathering = services.cancel(gathering=make_gathering())
    gathering.refresh_from_db()
    assert gathering.status == Gathering.Status.CANCELLED
    assert gathering.sequence == 1
    assert gathering in Gathering.objects.published()


def test_only_a_published_gathering_can_be_cancelled(db):
    draft = make_gathering(status=Gathering.Status.DRAFT)
    with pytest.raises(ValidationError):
        services.cancel(gathering=draft)
    draft.refresh_from_db()
    assert draft.status == Gathering.Status.DRAFT


def test_a_cancelled_gathering_is_not_published_again(db):
    cancelled = make_gathering(status=Gathering.Status.CANCELLED)
    with pytest.raises(ValidationError):
        services.publish(gathering=cancelled)
    cancelled.refresh_from_db()
    assert cancelled.status == Gathering.Status.CANCELLED


def test_publish_a_draft(db):
    draft = make_gathering(status=Gathering.Status.DRAFT)
    assert services.publish(gathering=draft).status == Gathering.Status.PUBLISHED


def test_duplicate_makes_a_draft_with_a_new_slug(db):
    original = make_gathering(title="Jamsessie", online=True, lon=None)
    copy = services.duplicate(gathering=original)
    assert copy.pk != original.pk
    assert copy.slug == f"{original.slug}-2"
    assert copy.status == Gathering.Status.DRAFT
    assert (copy.title, copy.online, copy.start_date, copy.sequence) == (
        "Jamsessie",
        True,
        original.start_date,
        0,
    )
