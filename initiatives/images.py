"""An initiative's image or logo: checked, stripped of its metadata (EXIF,
location) by re-encoding only the pixels, resized to a few widths and
stored through Django's default storage.

A stored image is a name such as "initiatives/3f2a….jpg"; each width is a
file beside it ("initiatives/3f2a…-600.jpg"). The name is random, so an
image waiting for a moderator cannot be guessed.
"""

import secrets
from datetime import timedelta
from io import BytesIO

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024  # a phone photo
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
FORMATS = {"JPEG", "PNG", "WEBP"}
WIDTHS = (1200, 600, 240)  # large (detail page), medium, thumbnail
FOLDER = "initiatives"
# A form that comes back (a warning, an error in another field) keeps its
# image this long, so the initiator need not choose the file again.
KEEP_FOR = timedelta(days=1)
_KEEP_SALT = "initiatives.images.keep"


def check(upload) -> Image.Image:
    """The upload as a decoded image, or a ValidationError that says what to
    do. Reads at most MAX_BYTES."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The image is larger than 5 MB; send a smaller one."), code="too_big"
        )
    try:
        upload.seek(0)
        image = Image.open(upload)
        if image.format not in FORMATS:
            raise UnidentifiedImageError
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(
                _("The image has too many pixels; send a smaller one."),
                code="too_many_pixels",
            )
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(
            _("This is not an image we can use; send a JPEG, PNG or WebP file."),
            code="not_an_image",
        ) from None
    return image


def store(upload) -> str:
    """Store the upload's sizes; returns the stored image's name."""
    image = ImageOps.exif_transpose(check(upload))  # upright before EXIF goes
    keep_alpha = image.mode in ("RGBA", "LA", "P") and _has_alpha(image)
    extension = "png" if keep_alpha else "jpg"
    image = image.convert("RGBA" if keep_alpha else "RGB")
    name = f"{FOLDER}/{secrets.token_hex(16)}.{extension}"
    for width in WIDTHS:
        default_storage.save(_sized(name, width), _encoded(image, width, extension))
    return name


def keep(upload) -> str:
    """Store a checked upload now, for the form that comes back: a signed
    token for its hidden field. One that is never sent goes with
    delete_unused()."""
    return signing.dumps(store(upload), salt=_KEEP_SALT)


def kept(token: str) -> str | None:
    """The stored image behind a keep() token; None when the token is
    forged or expired, or the image is gone."""
    try:
        name = signing.loads(token, salt=_KEEP_SALT, max_age=KEEP_FOR)
    except signing.BadSignature:
        return None
    return name if default_storage.exists(_sized(name, WIDTHS[0])) else None


def original(name: str):
    """The largest size of a stored image, as a file to store again."""
    return default_storage.open(_sized(name, WIDTHS[0]))


def delete_unused(in_use: set[str], now) -> int:
    """Delete the stored images not in `in_use` that are older than a kept
    one can be (a fresh one may belong to a form on its way); the count."""
    if not default_storage.exists(FOLDER):
        return 0
    newest = {}  # stored image: when its newest size was written
    for file in default_storage.listdir(FOLDER)[1]:
        stem, extension = file.rsplit(".", 1)
        name = f"{FOLDER}/{stem.rsplit('-', 1)[0]}.{extension}"
        modified = default_storage.get_modified_time(f"{FOLDER}/{file}")
        newest[name] = max(modified, newest.get(name, modified))
    old = now - 2 * KEEP_FOR  # a token made just before it expired, sent late
    unused = [
        name
        for name, modified in newest.items()
        if name not in in_use and modified < old
    ]
    for name in unused:
        delete(name)
    return len(unused)


def _has_alpha(image) -> bool:
    return image.mode != "P" or "transparency" in image.info


def _encoded(image, width, extension) -> ContentFile:
    copy = image.copy()
    copy.thumbnail((width, width * 4))  # never wider than width, never enlarged
    buffer = BytesIO()
    # A new file from the pixels alone: no EXIF, GPS, XMP or comments.
    if extension == "png":
        copy.save(buffer, "PNG", optimize=True)
    else:
        copy.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue())


def _sized(name: str, width: int) -> str:
    stem, extension = name.rsplit(".", 1)
    return f"{stem}-{width}.{extension}"


def urls(name: str) -> dict[int, str]:
    """The URL of each width of a stored image."""
    if not name:
        return {}
    return {width: default_storage.url(_sized(name, width)) for width in WIDTHS}


def large_url(name: str) -> str:
    return urls(name)[WIDTHS[0]]


def delete(name: str):
    for width in WIDTHS if name else ():
        default_storage.delete(_sized(name, width))


class Stored:
    """A stored image as Django's file inputs show the current one."""

    def __init__(self, name: str):
        self.name = name
        self.url = urls(name)[WIDTHS[-1]]

    def __str__(self):
        return self.name.rsplit("/", 1)[-1]
