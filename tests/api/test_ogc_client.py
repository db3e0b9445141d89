"""GDAL, a client we did not write, reads the OGC API from a live server."""

import subprocess

import pytest
from django.contrib.gis.gdal import DataSource
from django.core.management import call_command

pytestmark = pytest.mark.gdal


@pytest.fixture
def ogc_url(live_server, geography):
    call_command("load_initiatives", verbosity=0)
    call_command("load_gatherings", verbosity=0)
    return f"OAPIF:{live_server.url}/ogc"


def gdal(*args):
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own server)
        args, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_ogrinfo_lists_both_collections(ogc_url):
    out = gdal("ogrinfo", "-ro", "-q", ogc_url)
    layers = [line.split(":", 1)[1].split()[0] for line in out.splitlines()]
    assert layers == ["initiatives", "gatherings"]


def test_ogrinfo_reads_the_gatherings(ogc_url):
    out = gdal("ogrinfo", "-ro", ogc_url, "gatherings", "-so")
    assert "Layer name: gatherings" in out
    assert "Feature Count: 9" in out
    for field in ("slug: String", "kind: String", "region: String", "url: String"):
        assert field in out
    features = gdal("ogrinfo", "-ro", ogc_url, "gatherings", "-where", "online = 1")
    assert features.count("OGRFeature(gatherings)") == 3
    assert "POINT" not in features  # online gatherings have no geometry


def test_ogrinfo_sees_the_layer_and_its_fields(ogc_url):
    out = gdal("ogrinfo", "-ro", ogc_url, "initiatives", "-so")
    assert "Layer name: initiatives" in out
    assert "Geometry: Point" in out
    assert "Feature Count: 3" in out
    for field in ("slug: String", "region: String", "updated: DateTime", "url: String"):
        assert field in out


def test_ogr2ogr_copies_a_bbox_to_a_geopackage(ogc_url, tmp_path):
    target = tmp_path / "kampen.gpkg"
    gdal(
        "ogr2ogr", "-f", "GPKG", str(target), ogc_url, "initiatives",
        "-spat", "5.8", "52.4", "6.1", "52.7",
    )  # fmt: skip
    layer = DataSource(str(target))[0]
    assert len(layer) == 1
    feature = next(iter(layer))
    assert feature.get("slug") == "het-8ste-werk"
    assert feature.get("municipality") == "Kampen"
    assert feature.get("region") == "noorden"
    assert (round(feature.geom.x, 5), round(feature.geom.y, 5)) == (5.91111, 52.555)
