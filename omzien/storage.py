"""The static files in production: our own JavaScript and CSS minified
(rjsmin, rcssmin: whitespace and comments out, names kept), then hashed and
compressed by WhiteNoise like the libraries' files, which come minified."""

from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from rcssmin import cssmin
from rjsmin import jsmin
from whitenoise.storage import CompressedManifestStaticFilesStorage

MINIFIERS = {".js": jsmin, ".css": cssmin}
OWN = ("api/", "maps/", "omzien/")  # our apps' static folders


class MinifiedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def post_process(self, paths, dry_run=False, **options):
        if not dry_run:
            paths = {name: self._minified(name, found) for name, found in paths.items()}
        yield from super().post_process(paths, dry_run, **options)

    def _minified(self, name, found):
        """Our file minified in place of its collected copy, which hashing
        then reads; any other file as found."""
        minify = MINIFIERS.get(PurePosixPath(name).suffix)
        if minify is None or not name.startswith(OWN):
            return found
        storage, path = found
        with storage.open(path) as source:
            text = source.read().decode()
        self.delete(name)
        self.save(name, ContentFile(minify(text).encode()))
        return self, name
