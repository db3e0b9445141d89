"""Reading the HTML the site serves."""

import re

# An asset tag (script, stylesheet, image, frame) whose address is absolute.
ABSOLUTE_ASSET = re.compile(
    r"<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href|srcset)="
    r"[\"']((?:https?:)?//[^\"']+)",
    re.IGNORECASE,
)


def foreign_assets(html: str) -> list[str]:
    """Addresses of assets the page loads from another host: none may come
    from a CDN; everything is served from our own static files."""
    return ABSOLUTE_ASSET.findall(html)
