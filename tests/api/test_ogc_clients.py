"""GIS clients we did not write fetch every feature of a large collection
from a live server: GDAL (ogr2ogr with its defaults and with a page size),
OWSLib, and QGIS (Debian's python3-qgis, run by the system Python in a
subprocess). The anonymous rate limit is on, as in production: clients
that take the page size from the OpenAPI document finish within it."""

import json
import subprocess
import textwrap
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.gis.gdal import DataSource
from django.core.cache import cache

from api.pagination import MAX_LIMIT
from initiatives.management.commands.demo_data import generate_demo_data
from initiatives.models import Initiative

pytestmark = [pytest.mark.gdal, pytest.mark.slow]
FEATURES = 20_000
QGIS_PYTHON = "/usr/bin/python3"  # Debian's python3-qgis is built for it


@pytest.fixture
def server(live_server, geography):
    generate_demo_data(count=FEATURES, seed=14, quiet=True)
    return live_server.url


def published():
    return set(Initiative.objects.published().values_list("id", flat=True))


def run(*args, env=None, timeout=600):
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own server)
        args, capture_output=True, text=True, timeout=timeout, check=False, env=env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def ogr2ogr_ids(url, target, *options):
    run("ogr2ogr", "-f", "GPKG", str(target), f"OAPIF:{url}/ogc", "initiatives",
        *options)  # fmt: skip
    layer = DataSource(str(target))[0]
    return [feature.get("id") for feature in layer]


def owslib_ids(url):
    from owslib.ogcapi.features import Features

    api = Features(f"{url}/ogc")
    params, ids = {"limit": MAX_LIMIT}, []
    while True:
        page = api.collection_items("initiatives", **params)
        ids += [feature["id"] for feature in page["features"]]
        following = [link for link in page["links"] if link["rel"] == "next"]
        if not following:
            return ids, page["numberMatched"]
        params = dict(parse_qsl(urlsplit(following[0]["href"]).query))


QGIS_SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    from qgis.core import (
        QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform,
        QgsProject, QgsVectorLayer,
    )

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    url, crs = sys.argv[1], sys.argv[2]
    uri = f"url='{url}' typename='initiatives' restrictToRequestBBOX='0'"
    layer = QgsVectorLayer(uri, "initiatives", "OAPIF")
    # QGIS 3.22 crashes on layer.error().summary() (a temporary QgsError).
    result = {"valid": layer.isValid(), "error": "invalid layer"}
    if layer.isValid():
        # As a project in that CRS shows the layer: QGIS reprojects.
        target = QgsCoordinateReferenceSystem(crs or layer.crs().authid())
        transform = QgsCoordinateTransform(layer.crs(), target, QgsProject.instance())
        ids, points = [], {}
        for feature in layer.getFeatures():
            ids.append(feature["id"])
            point = transform.transform(feature.geometry().asPoint())
            points[feature["id"]] = [point.x(), point.y()]
        result.update(ids=ids, crs=target.authid(), points=points)
    print(json.dumps(result), flush=True)
    os._exit(0)  # before exitQgis(), which may crash on the way out
    """
)


def qgis(url, tmp_path, crs=""):
    if not Path(QGIS_PYTHON).exists():
        pytest.fail("python3-qgis is missing: run scripts/system-packages.sh test")
    script = tmp_path / "qgis_count.py"
    script.write_text(QGIS_SCRIPT)
    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "/usr/bin"}
    out = run(QGIS_PYTHON, str(script), f"{url}/ogc", crs, env=env)
    return json.loads(out.strip().splitlines()[-1])


def test_every_client_fetches_all_features(server, tmp_path, subtests):
    expected = published()
    assert len(expected) >= FEATURES

    with subtests.test("ogr2ogr with its defaults"):
        cache.clear()  # each client starts with the whole rate allowance
        ids = ogr2ogr_ids(server, tmp_path / "default.gpkg")
        assert len(ids) == len(expected) and set(ids) == expected

    with subtests.test("ogr2ogr with -oo PAGE_SIZE"):
        cache.clear()
        ids = ogr2ogr_ids(server, tmp_path / "paged.gpkg", "-oo", "PAGE_SIZE=500")
        assert len(ids) == len(expected) and set(ids) == expected

    with subtests.test("OWSLib"):
        cache.clear()
        ids, matched = owslib_ids(server)
        assert matched == len(expected)
        assert len(ids) == len(expected) and set(ids) == expected


def test_qgis_fetches_all_features(server, tmp_path):
    expected = published()
    result = qgis(server, tmp_path)
    assert result["valid"], result["error"]
    assert len(result["ids"]) == len(expected) and set(result["ids"]) == expected


def test_qgis_shows_the_layer_in_rd_new(live_server, geography, tmp_path):
    """A partner's QGIS project in RD New: the coordinates are metres in
    EPSG:28992, and a known point lands where Kadaster puts it. (QGIS 3.22
    asks for CRS84 and reprojects; 3.28 and later can ask for RD itself.)"""
    from tests.factories import make_initiative

    amersfoort = make_initiative(lon=5.38720621, lat=52.15517440)
    result = qgis(live_server.url, tmp_path, crs="EPSG:28992")
    assert result["valid"], result["error"]
    assert result["crs"] == "EPSG:28992"
    x, y = result["points"][str(amersfoort.id)]  # JSON keys are text
    assert abs(x - 155000) < 1 and abs(y - 463000) < 1
