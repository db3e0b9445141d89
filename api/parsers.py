"""Request bodies: JSON only, read by orjson."""

import orjson
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import BaseParser


class JSONParser(BaseParser):
    """Strict JSON (RFC 8259): UTF-8, no NaN or Infinity, and nesting no
    deeper than orjson's 1024 levels (the standard library's parser runs
    out of stack on deep nesting: a 500)."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return orjson.loads(stream.read())
        except orjson.JSONDecodeError as error:
            raise exceptions.ParseError(
                _("The body is not valid JSON: %s") % error
            ) from None
