import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from initiatives.models import Initiative, Municipality, Place, Region
from tests.factories import make_initiative

MODELS = (Region, Municipality, Place, Initiative, Initiative.history.model)


def contents():
    """Every row of the models that matter, as serialised text."""
    return {
        model.__name__: serializers.serialize("json", model.objects.order_by("pk"))
        for model in MODELS
    }


def test_backup_and_restore_round_trip(transactional_db, geography, tmp_path):
    call_command("load_initiatives", verbosity=0)
    make_initiative(name="Buurtkamer <b>", status="pending", tags=["jeugd", "wonen"])
    call_command("demo_data", count=20, seed=5, verbosity=0)
    before = contents()
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Initiative.objects.exists()
    call_command("restore", str(path), verbosity=0)
    assert contents() == before
    tags = Initiative.objects.get(name="Buurtkamer <b>").tags.values_list(
        "slug", flat=True
    )
    assert sorted(tags) == ["jeugd", "wonen"]


def test_restore_refuses_a_database_with_data(db, tmp_path):
    path = tmp_path / "backup.json"
    call_command("backup", str(path), verbosity=0)
    with pytest.raises(CommandError):
        call_command("restore", str(path), verbosity=0)
