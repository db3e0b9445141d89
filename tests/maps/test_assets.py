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
    assert any(name.startswith("leaflet.markercluster-src.") for name in collected)
    assert any(name.startswith("maps.") for name in collected)
