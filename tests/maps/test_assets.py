from django.core.management import call_command


def test_map_assets_survive_the_production_static_storage(settings, tmp_path):
    """collectstatic with hashed names (as in production) finds every file
    that the map assets refer to, source maps included."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    collected = {path.name for path in tmp_path.rglob("*.js")}
    assert any(name.startswith("leaflet.") for name in collected)
    assert any(name.startswith("maps.") for name in collected)
    assert not any("markercluster" in name for name in collected)


def test_production_serves_the_map_assets_minified_and_compressed(settings, tmp_path):
    """Leaflet's minified build, and a gzip and brotli copy of each asset."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    leaflet = next(tmp_path.rglob("leaflet.*.js"))
    assert len(leaflet.read_text().splitlines()) < 20  # minified
    for name in ("leaflet.*.js", "maps.*.js", "maps.*.css"):
        compressed = {path.suffix for path in tmp_path.rglob(name + ".*")}
        assert {".gz"} <= compressed
