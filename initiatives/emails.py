"""E-mails to initiators and moderators, through the outbox.

Texts are templates under initiatives/email/ and go out in the site's
default language (Dutch). Nothing is sent in the request: the outbox stores
each mail with the change it reports and a worker sends it. Moderators get
their notices merged into digests.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from outbox import services as outbox

from . import tokens


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def initiator_links(initiative) -> dict:
    """Personal, signed links for the initiator, one per action."""
    return {
        action: absolute(
            reverse(
                f"initiatives:{action}",
                kwargs={"token": tokens.make_token(initiative, action)},
            )
        )
        for action in tokens.ACTIONS
    }


def render(template: str, **context) -> tuple[str, str]:
    """Render initiatives/email/<template>.txt: its first line is the
    subject, the rest the body."""
    with translation.override(settings.LANGUAGE_CODE):
        context.setdefault("site_url", settings.SITE_URL)
        text = render_to_string(f"initiatives/email/{template}.txt", context)
    subject, _, body = text.strip().partition("\n")
    # A name may hold a carriage return: a header must not.
    return " ".join(subject.split()), body.strip() + "\n"


def to_initiator(template: str, initiative, **context) -> int:
    """Queue a mail to the initiator; returns the number queued (0 or 1)."""
    return to_address(initiative.contact_email, template, initiative, **context)


def to_address(address: str, template: str, initiative, **context) -> int:
    """Queue a mail about the initiative to the address; 0 without one."""
    if not address:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        links = initiator_links(initiative)
        page = absolute(initiative.get_absolute_url())
        new_link = absolute(reverse("initiatives:new-link"))
    subject, body = render(
        template,
        initiative=initiative,
        links=links,
        page=page,
        new_link_url=new_link,
        link_days=settings.INITIATOR_LINK_MAX_AGE // (24 * 3600),
        **context,
    )
    outbox.queue(to=address, kind=template, subject=subject, body=body)
    return 1


def to_moderators(template: str, **context) -> int:
    """Hold a notice for each moderator's next digest; returns their number."""
    subject, body = render(template, **context)
    for address in settings.MODERATOR_EMAILS:
        outbox.hold(to=address, kind=template, subject=subject, body=body)
    return len(settings.MODERATOR_EMAILS)


def admin_url(initiative) -> str:
    return absolute(
        reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    )
