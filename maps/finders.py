"""Static files from the xstatic packages: only the ones the maps use.

The packages also hold a minified MarkerCluster that names a source map they
lack; collecting it would stop the production manifest storage.
"""

from pathlib import Path

import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
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
    "xstatic/leaflet-markercluster": (
        xstatic.pkg.leaflet_markercluster.BASE_DIR,
        (
            "leaflet.markercluster-src.js",
            "leaflet.markercluster-src.js.map",
            "MarkerCluster.css",
            "MarkerCluster.Default.css",
        ),
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
