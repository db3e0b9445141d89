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
    """Leaflet's minified build, ours minified, a gzip copy of each asset."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "omzien.storage.MinifiedStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    leaflet = next(tmp_path.rglob("leaflet.*.js"))
    assert len(leaflet.read_text().splitlines()) < 20  # minified
    for app, name in [
        ("maps", "maps.js"),
        ("maps", "maps.css"),
        ("omzien", "site.css"),
    ]:
        original = settings.BASE_DIR / app / "static" / app / name
        stem, suffix = name.split(".")
        (served,) = (tmp_path / app).glob(f"{stem}.*.{suffix}")  # hashed
        assert len(served.read_text()) < 0.9 * len(original.read_text())
    for name in ("leaflet.*.js", "maps.*.js", "maps.*.css"):
        compressed = {path.suffix for path in tmp_path.rglob(name + ".*")}
        assert {".gz"} <= compressed
