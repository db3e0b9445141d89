"""Signed, expiring links that let an initiator act without an account.

A token names one initiative, one action and the initiative's link version;
the salt differs per action, so a "still current" link cannot be used to
archive, and raising the version (services.revoke_links) revokes them all.
"""

from django.conf import settings
from django.core import signing

ACTIONS = ("update", "confirm", "archive")


class InvalidToken(Exception):
    """A token that was tampered with, has expired or names another action."""


def _signer(action: str) -> signing.TimestampSigner:
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    return signing.TimestampSigner(salt=f"omzien.initiative.{action}")


def make_token(initiative, action: str) -> str:
    payload = {"id": initiative.pk, "v": initiative.link_version}
    return _signer(action).sign_object(payload)


def read_token(token: str, action: str) -> tuple[int, int]:
    """The initiative id and link version in a valid token; raises
    InvalidToken otherwise."""
    max_age = settings.INITIATOR_LINK_MAX_AGE
    try:
        data = _signer(action).unsign_object(token, max_age=max_age)
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as error:
        raise InvalidToken(str(error)) from error
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise InvalidToken("No initiative in the token")
    version = data.get("v", 0)  # links sent before versions: version 0
    if not isinstance(version, int):
        raise InvalidToken("No link version in the token")
    return data["id"], version
