import pytest
from django.core.exceptions import ValidationError

from gatherings.models import Gathering
from initiatives.models import Initiative
from records.slugs import unique_slug
from records.status import set_status
from tests.factories import make_initiative
from tests.gatherings.factories import make_gathering


def test_unique_slug_numbers_a_taken_base_per_model(db):
    make_initiative(name="Het Erf")
    assert unique_slug(Initiative, "het-erf") == "het-erf-2"
    assert unique_slug(Gathering, "het-erf") == "het-erf"  # another model's slugs


def test_a_status_the_record_refuses_changes_nothing(db):
    gathering = make_gathering()
    with pytest.raises(ValidationError):
        set_status(gathering, "gone")
    gathering.refresh_from_db()
    assert gathering.status == Gathering.Status.PUBLISHED


def test_set_status_saves_a_valid_status(db):
    initiative = make_initiative(status=Initiative.Status.PENDING)
    set_status(initiative, Initiative.Status.ARCHIVED)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.ARCHIVED
