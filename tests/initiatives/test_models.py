import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from areas import geography
from initiatives import services
from initiatives.models import Initiative
from tests.factories import make_initiative


def test_seed_initiatives_get_their_area_from_their_location(seeded):
    areas = {
        i.slug: (i.municipality.name, i.province.name, i.region.slug)
        for i in Initiative.objects.all()
    }
    assert areas == {
        "het-8ste-werk": ("Kampen", "Overijssel", "noorden"),
        "de-holm": ("Het Hogeland", "Groningen", "noorden"),
        "zorgcooperatie-austerlitz": ("Zeist", "Utrecht", "midden"),
    }
    assert set(Initiative.objects.published().values_list("slug", flat=True)) == set(
        areas
    )


def test_seed_initiatives_carry_themes(seeded):
    holm = Initiative.objects.get(slug="de-holm")
    assert set(holm.tags.values_list("slug", flat=True)) == {
        "wonen",
        "zorg",
        "onderwijs",
        "ontmoeting",
    }


def test_area_follows_a_moved_location(db):
    initiative = make_initiative()
    initiative.location = Point(5.31528, 52.08, srid=4326)
    initiative.save()
    initiative.refresh_from_db()
    assert (initiative.municipality.name, initiative.region.slug) == ("Zeist", "midden")


def test_a_point_in_the_north_sea_is_refused(db):
    """Validation names the location field, and nothing is stored."""
    with pytest.raises(ValidationError) as error:
        make_initiative(lon=3.9, lat=52.6)
    assert "location" in error.value.message_dict
    assert not Initiative.objects.exists()


def test_saving_outside_the_netherlands_is_refused_without_full_clean(db):
    initiative = Initiative(
        name="Zee", summary="x", place_name="zee", location=Point(3.9, 52.6, srid=4326)
    )
    with pytest.raises(ValidationError):
        initiative.save()
    assert not Initiative.objects.exists()


def test_slug_is_unique_and_stable_when_the_name_changes(db):
    first = make_initiative(name="Samen Eten")
    second = make_initiative(name="Samen eten")
    assert (first.slug, second.slug) == ("samen-eten", "samen-eten-2")
    first.name = "Samen eten en wonen"
    first.save()
    first.refresh_from_db()
    assert first.slug == "samen-eten"


def test_a_submission_gets_its_names_slug_only_when_published(db, client):
    """A slug held by a submission that is never published would make a
    published namesake "-2", and tell that the submission exists."""
    waiting = make_initiative(name="Samen Eten", status="pending")
    make_initiative(name="Samen Eten", status="rejected")
    published = make_initiative(name="Samen eten")
    assert published.slug == "samen-eten"
    assert waiting.slug.startswith("concept-") and "samen" not in waiting.slug
    answer = client.post(
        "/api/v1/submissions",
        {
            "name": "Samen eten",
            "summary": "s",
            "lat": 52.5,
            "lon": 5.9,
            "place_name": "K",
        },
        content_type="application/json",
    ).json()
    assert answer["slug"].startswith("concept-")
    services.publish(initiative=waiting)
    assert waiting.slug == "samen-eten-2"  # its name's slug, once public


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "x" * 121),
        ("summary", "x" * 301),
        ("summary", ""),
        ("website", "not a url"),
        ("website", "javascript:alert(1)"),
        ("contact_email", "no-at-sign"),
    ],
)
def test_invalid_fields_are_refused(db, field, value):
    with pytest.raises(ValidationError) as error:
        make_initiative(**{field: value})
    assert field in error.value.message_dict
    assert not Initiative.objects.exists()


def test_published_shows_only_published(db):
    shown = make_initiative()
    for status in ("pending", "rejected", "archived"):
        make_initiative(status=status)
    assert list(Initiative.objects.published()) == [shown]


def test_near_orders_by_true_distance_and_drops_what_is_too_far(db):
    kampen = make_initiative(name="Kampen", lon=5.91111, lat=52.555)
    zwolle = make_initiative(name="Zwolle", lon=6.09444, lat=52.5125)
    make_initiative(name="Austerlitz", lon=5.31528, lat=52.08)
    centre = Point(5.91111, 52.555, srid=4326)
    found = list(Initiative.objects.near(centre, 20))
    assert found == [kampen, zwolle]
    expected_km = geography.distance_km(centre, zwolle.location)
    assert found[1].distance.km == pytest.approx(expected_km, rel=0.005)


def test_near_distance_matches_a_known_geodesic(db):
    """Two points one degree of latitude apart: 111.277 km on WGS84."""
    make_initiative(lon=5.9, lat=53.0)
    [found] = Initiative.objects.near(Point(5.9, 52.0, srid=4326), 112)
    assert found.distance.km == pytest.approx(111.277, rel=0.005)


def test_with_all_and_any_tags(db):
    both = make_initiative(tags=["wonen", "zorg"])
    wonen = make_initiative(tags=["wonen"])
    make_initiative(tags=["jeugd"])
    from initiatives.models import Tag

    tags = list(Tag.objects.filter(slug__in=["wonen", "zorg"]))
    assert list(Initiative.objects.with_all_tags(tags)) == [both]
    assert set(Initiative.objects.with_any_tags(tags)) == {both, wonen}


def test_matching_searches_all_words_in_text_fields(db):
    found = make_initiative(name="Het 8ste Werk", description="Samen eten op het erf")
    make_initiative(name="Iets anders")
    assert list(Initiative.objects.matching("erf 8ste")) == [found]


def test_publish_refuses_a_rejected_initiative(db):
    """A rejected initiative stays rejected."""
    initiative = make_initiative(status=Initiative.Status.REJECTED)
    with pytest.raises(ValidationError):
        services.publish(initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REJECTED


def test_submit_creates_a_pending_initiative(db):
    from initiatives.models import Tag

    initiative = services.submit(
        name="Dorpshuis",
        summary="Een plek voor iedereen.",
        place_name="Den Andel",
        location=Point(6.50833, 53.3925, srid=4326),
        tags=Tag.objects.filter(slug="ontmoeting"),
    )
    assert initiative.status == Initiative.Status.PENDING
    assert initiative.region.slug == "noorden"
    assert list(initiative.tags.values_list("slug", flat=True)) == ["ontmoeting"]
    assert not Initiative.objects.published().exists()


def test_history_records_changes(db):
    initiative = make_initiative(status="pending")
    services.publish(initiative=initiative)
    statuses = [h.status for h in initiative.history.order_by("history_date")]
    assert statuses == ["pending", "published"]
