"""SpatiaLite: build the R*Tree of the initiatives' and gatherings' locations
again where a table rebuild left it disabled (its triggers gone, its rows
stale), so that box queries can read it (areas.querysets.location_meets)."""

from django.db import migrations

TABLES = ("initiatives_initiative", "gatherings_gathering")


def enable_spatial_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if not connection.ops.spatialite:
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                "SELECT spatial_index_enabled FROM geometry_columns"
                " WHERE f_table_name = %s AND f_geometry_column = 'location'",
                [table],
            )
            if cursor.fetchone() == (1,):
                continue
            cursor.execute(f'DROP TABLE IF EXISTS "idx_{table}_location"')
            cursor.execute("SELECT CreateSpatialIndex(%s, 'location')", [table])


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0010_public_contact"),
        ("gatherings", "0003_tombstone"),
    ]

    operations = [
        migrations.RunPython(enable_spatial_indexes, migrations.RunPython.noop),
    ]
