# Run by the upgrade test with `manage.py shell`, on the old code and on the
# new: the rows of every table, the content types and permissions, and the
# API's responses, written as JSON to $UPGRADE_OUT.
import hashlib
import json
import os
import re

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client

PAGES = [
    "/api/v1/initiatives",
    "/api/v1/initiatives?format=json",
    "/api/v1/initiatives?format=csv",
    "/api/v1/initiatives?updated_since=2000-01-01T00:00:00Z&format=json",
    "/api/v1/gatherings",
    "/api/v1/gatherings?format=json",
    "/api/v1/regions",
    "/api/v1/regions?geometry=none",
    "/api/v1/provinces",
    "/api/v1/municipalities",
    "/api/v1/tags",
    "/api/v1/places?q=kamp",
    "/api/v1/stats",
    "/api/v1/openapi.json",
    "/ogc/",
    "/ogc/collections",
    "/ogc/collections/initiatives/items",
    "/ogc/collections/gatherings/items",
]
# Columns added on purpose since the base commit: new fields with their
# defaults, left out of the comparison of the rows. Spelled out here, not
# imported: this script also runs on the old code, which lacks them.
_PUBLIC_CONTACT = (
    "public_email",
    "public_phone",
    "social_links",
    "address",
    "show_address",
    "opening_hours",
    "image",
    "image_alt",
)  # issue 16
# Issue 16 too: the search text, filled in for every row, and the location check.
_SEARCH_AND_CHECK = ("search_text", "location_outside_place", "place_distance_km")
ADDED_COLUMNS = {
    "initiatives_initiative": _PUBLIC_CONTACT + _SEARCH_AND_CHECK,
    "initiatives_historicalinitiative": _PUBLIC_CONTACT + _SEARCH_AND_CHECK,
}
VARYING = re.compile(rb'"timeStamp": ?"[^"]*"')  # the moment of the request


def digest(data) -> str:
    return hashlib.sha256(data).hexdigest()


client = Client(HTTP_HOST="localhost")
found = {"pages": {}, "tables": {}}
for page in PAGES:
    response = client.get(page)
    found["pages"][page] = [
        response.status_code,
        digest(VARYING.sub(b"", response.content)),
    ]
with connection.cursor() as cursor:
    for table in sorted(
        connection.introspection.django_table_names(only_existing=True)
    ):
        if table in ("django_content_type", "django_migrations"):
            continue
        columns = [
            connection.ops.quote_name(column.name)
            for column in connection.introspection.get_table_description(cursor, table)
            if column.name not in ADDED_COLUMNS.get(table, ())
        ]
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {connection.ops.quote_name(table)}"  # noqa: S608
        )
        rows = sorted(repr(row) for row in cursor.fetchall())
        found["tables"][table] = [len(rows), digest(repr(rows).encode())]
found["content_types"] = {
    f"{c.app_label}.{c.model}": c.pk for c in ContentType.objects.all()
}
found["permissions"] = sorted(
    [group.name, p.content_type.app_label, p.codename]
    for group in Group.objects.all()
    for p in group.permissions.all()
)
with open(os.environ["UPGRADE_OUT"], "w") as out:
    json.dump(found, out, indent=1)
