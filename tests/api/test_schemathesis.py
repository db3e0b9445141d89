"""Property-based check of the OpenAPI schema against the running app.

A bounded number of generated requests per operation, valid ones and
invalid ones (negative data), under every check schemathesis has: no 5xx,
every status code, content type, header and body as documented, invalid
requests refused with a 4xx and valid ones accepted.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from omzien.wsgi import application
from tests.factories import make_initiative
from tests.gatherings.factories import make_gathering

pytestmark = pytest.mark.schemathesis
EXAMPLES = 20
# Rules that no OpenAPI 3.0 schema can state: values looked up in the data
# (a theme, region, area or place by name, a cursor this API signed, a
# location on land) and parameters that need another (radiusKm and
# ordering=distance need near or place; ordering not with updatedSince;
# lon and lat, or geometry; simplify needs a geometry; the two positions of
# a GeoJSON point have different bounds; a website must be http(s) with a
# domain Django's URLValidator accepts, narrower than format: uri; a phone
# number has 8 to 15 digits; a gathering's `to` is not before its `from`). A
# valid-looking request refused only for these is no mismatch; any other
# refusal of schema-valid data is.
NOT_IN_THE_SCHEMA = {
    "cursor", "place", "region", "province", "municipality", "tag", "tagAny",
    "radiusKm", "ordering", "near", "bbox", "tags", "location", "lat", "lon",
    "geometry", "geometry.coordinates", "simplify", "website", "public_phone",
    "from", "to",
}  # fmt: skip


# Served by the app itself (no database needed to build it).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
)


@pytest.fixture(autouse=True)
def connection_kept_open():
    """Keep the test transaction's connection across WSGI requests, as
    Django's test client does (its end-of-request handler closes it)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def data_without_rate_limits(db, geography, settings):
    call_command("load_initiatives", verbosity=0)
    make_initiative(status="archived", contact_consent=True)
    call_command("load_gatherings", verbosity=0)
    make_gathering(status="draft")
    make_gathering().delete()  # a tombstone for updatedSince
    make_initiative().delete()
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {name: "100000/minute" for name in rates},
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    # The same examples every run, so CI is repeatable; to explore further,
    # run it by hand with derandomize off and more examples.
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_matches_its_schema(case):
    # Every check, the request-side ones included (negative data rejected,
    # positive data accepted: the latter with the exceptions above).
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    if case.meta.generation.mode.is_positive and response.status_code == 400:
        refused = {p["name"] for p in response.json()["invalidParams"]}
        assert refused <= NOT_IN_THE_SCHEMA, (case.as_curl_command(), refused)
