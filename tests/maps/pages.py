"""Reading the layer data out of a rendered map page."""

import json
import re


def layer_config(page, layer: str) -> dict | None:
    """The config of the page's "initiative" or "gathering" layer, None when
    the page has no such layer."""
    text = page if isinstance(page, str) else page.decode()
    element = rf'<script id="{layer}_layer_\w+-config" type="application/json">'
    found = re.search(element + "(.*?)</script>", text, re.S)
    return json.loads(found.group(1)) if found else None
