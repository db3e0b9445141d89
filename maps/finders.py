"""Static files from the xstatic packages: only the ones the maps use.

Leaflet's minified build and its source map; the clusters are counted by
the database (api/viewport.py), so no clustering library is served.
"""

from pathlib import Path

import xstatic.pkg.leaflet
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

LEAFLET_IMAGES = (
    "layers",
    "layers-2x",
    "marker-icon",
    "marker-icon-2x",
    "marker-shadow",
)
PACKAGES = {
    "xstatic/leaflet": (
        xstatic.pkg.leaflet.BASE_DIR,
        ("leaflet.js", "leaflet.js.map", "leaflet.css")
        + tuple(f"images/{name}.png" for name in LEAFLET_IMAGES),
    ),
}


class XStaticFinder(BaseFinder):
    """Finds `xstatic/<package>/<file>` for the files listed in PACKAGES."""

    def find(self, path, find_all=False, **kwargs):
        matches = []
        for prefix, (root, names) in PACKAGES.items():
            name = path.removeprefix(f"{prefix}/")
            if name != path and name in names:
                matches.append(str(Path(root) / name))
        if find_all or kwargs.get("all"):
            return matches
        return matches[0] if matches else []

    def list(self, ignore_patterns):
        for prefix, (root, names) in PACKAGES.items():
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix
            for name in names:
                yield name, storage
