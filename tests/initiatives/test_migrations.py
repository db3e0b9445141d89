import datetime as dt

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("initiatives", "0005_api_token_hashed")]
AFTER = [("initiatives", "0006_first_published_and_link_version")]
PUBLISHED_ON = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def old_row(apps, status):
    Initiative = apps.get_model("initiatives", "Initiative")
    municipality = apps.get_model("initiatives", "Municipality").objects.get(
        code="GM0166"
    )
    return Initiative.objects.create(
        name=status,
        slug=status,
        summary="s",
        location=Point(5.911, 52.555, srid=4326),
        place_name="Kampen",
        municipality=municipality,
        province_id=municipality.province_id,
        status=status,
    )


def history(apps, row, status, *, pk=None, kind="~"):
    """A history record of row (or of a deleted initiative pk like it)."""
    History = apps.get_model("initiatives", "HistoricalInitiative")
    return History.objects.create(
        id=pk or row.pk,
        name=row.name,
        slug=row.slug,
        summary=row.summary,
        location=row.location,
        place_name=row.place_name,
        municipality_id=row.municipality_id,
        province_id=row.province_id,
        status=status,
        created_at=row.created_at,
        updated_at=row.updated_at,
        history_date=PUBLISHED_ON,
        history_type=kind,
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_marks_what_was_public(geography):
    """Published and archived rows, and rows whose history shows them
    published, count as once public (those not public now get a tombstone);
    the others lose their name's slug, and tombstones of deleted rows that
    were never public go."""
    apps = migrate(BEFORE)
    try:
        rows = {s: old_row(apps, s) for s in ("published", "archived", "pending")}
        back = old_row(apps, "rejected")  # published once, then set back
        history(apps, back, "published")
        Tombstone = apps.get_model("initiatives", "Tombstone")
        for pk in (9001, 9002, 9003):
            Tombstone.objects.create(initiative_id=pk)
        history(apps, back, "pending", pk=9001, kind="-")  # never public
        history(apps, back, "published", pk=9002, kind="-")  # 9003: no history

        apps = migrate(AFTER)
        Initiative = apps.get_model("initiatives", "Initiative")
        marked = dict(Initiative.objects.values_list("status", "first_published_at"))
        assert marked["pending"] is None
        assert marked["published"] == rows["published"].created_at
        assert marked["archived"] == rows["archived"].created_at
        assert marked["rejected"] == PUBLISHED_ON
        slugs = dict(Initiative.objects.values_list("status", "slug"))
        assert slugs["pending"].startswith("concept-")  # never public
        assert (slugs["published"], slugs["rejected"]) == ("published", "rejected")
        kept = {
            pk: (status, left_at)
            for pk, status, left_at in apps.get_model(
                "initiatives", "Tombstone"
            ).objects.values_list("initiative_id", "status", "left_at")
        }
        assert kept.pop(rows["archived"].pk) == (
            "archived",
            rows["archived"].updated_at,
        )
        assert kept.pop(back.pk) == ("unpublished", back.updated_at)
        assert sorted(kept) == [9002, 9003]  # whatever ids the rows above got
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
