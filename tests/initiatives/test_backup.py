import datetime as dt
import json

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db.models import DateTimeField, TimeField

from api.models import ApiToken
from areas.models import Municipality, Place, Region
from gatherings.models import Gathering
from initiatives.models import Initiative
from outbox.models import Mail
from tests.factories import make_api_key, make_initiative
from tests.gatherings.factories import make_gathering

pytestmark = pytest.mark.slow
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


def moments():
    """Every date-time and time in the database, to the microsecond."""
    found = {}
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, DateTimeField | TimeField)
        ]
        rows = model.objects.order_by("pk").values_list("pk", *fields)
        if fields and rows:
            found[model._meta.label] = list(rows)
    return found


def test_backup_keeps_times_to_the_microsecond(transactional_db, geography, tmp_path):
    """Django's JSON stops at milliseconds; a backup keeps every digit."""
    moment = dt.datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=dt.UTC)
    initiative = make_initiative()
    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=moment, updated_at=moment, confirmed_at=moment
    )
    gathering = make_gathering(start_time=dt.time(14, 0, 0, 654321))
    before = moments()
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(path), verbosity=0)
    assert moments() == before
    assert Initiative.objects.get(pk=initiative.pk).updated_at == moment
    restored = Gathering.objects.get(pk=gathering.pk)
    assert restored.start_time == dt.time(14, 0, 0, 654321)


def test_a_backup_holds_no_outgoing_mail(db, tmp_path):
    """Waiting, held and failed mails carry working personal links; the
    outbox is a passing queue, not data to restore."""
    link = "https://omzien.example/wijzigen/geheim-token/"
    for status in ("queued", "held", "failed", "sent"):
        Mail.objects.create(
            to="anna@example.org",
            kind="submitted",
            subject="s",
            body=link,
            status=status,
        )
    path = tmp_path / "backup.json"
    call_command("backup", str(path), verbosity=0)
    text = path.read_text()
    assert "geheim-token" not in text
    assert "outbox.mail" not in text
    assert "areas.region" in text  # the data itself is there


def test_restore_reads_a_backup_made_before_the_models_moved(
    transactional_db, geography, tmp_path, django_user_model
):
    """A backup written before the areas and api apps existed names their
    models initiatives.region, initiatives.apitoken etc.; it restores as
    well as a new one."""
    call_command("load_initiatives", verbosity=0)
    make_api_key(django_user_model.objects.create_user("gemeente-kampen"))
    before = contents() | {"tokens": list(ApiToken.objects.values_list())}
    path = tmp_path / "backup.json"
    call_command("backup", str(path), verbosity=0)
    objects = json.loads(path.read_text(encoding="utf-8"))
    for obj in objects:
        app, model = obj["model"].split(".")
        if app in ("areas", "api"):
            obj["model"] = f"initiatives.{model}"
    assert {"initiatives.region", "initiatives.apitoken"} <= {
        o["model"] for o in objects
    }
    path.write_text(json.dumps(objects), encoding="utf-8")
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(path), verbosity=0)
    assert contents() | {"tokens": list(ApiToken.objects.values_list())} == before
