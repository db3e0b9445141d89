"""E-mails to initiators and moderators, through Django's mail settings.

Texts are templates under initiatives/email/ and go out in the site's
default language (Dutch). A failing mail server is logged, never raised:
the stored submission matters more than the message about it.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import tokens

logger = logging.getLogger(__name__)


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


def send(template: str, recipients, **context) -> int:
    """Render initiatives/email/<template>.txt (first line: subject) and
    send it; returns the number of messages sent."""
    recipients = [r for r in recipients if r]
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context.setdefault("site_url", settings.SITE_URL)
        text = render_to_string(f"initiatives/email/{template}.txt", context)
    subject, _, body = text.strip().partition("\n")
    # A name may hold a carriage return: a header must not.
    subject = " ".join(subject.split())
    try:
        return send_mail(
            subject, body.strip() + "\n", None, recipients, fail_silently=False
        )
    except OSError:
        logger.exception("Could not send the %s e-mail", template)
        return 0


def to_initiator(template: str, initiative, **context) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        links = initiator_links(initiative)
        page = absolute(initiative.get_absolute_url())
    return send(
        template,
        [initiative.contact_email],
        initiative=initiative,
        links=links,
        page=page,
        link_days=settings.INITIATOR_LINK_MAX_AGE // (24 * 3600),
        **context,
    )


def to_moderators(template: str, **context) -> int:
    return send(template, settings.MODERATOR_EMAILS, **context)


def admin_url(initiative) -> str:
    return absolute(
        reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    )
