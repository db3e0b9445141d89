"""Checks of the public contact fields, shared by the model, the forms and
the API (which all run the model's validation)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

SOCIAL_LINKS_MAX = 5
# Digits with spaces, dashes, dots, brackets and a leading +: 0512 123456,
# +31 6 12345678, (050) 123 45 67. Between 8 and 15 digits.
PHONE = re.compile(r"^\+?[\d\s().-]+$")


def validate_phone(value: str):
    digits = re.sub(r"\D", "", value)
    if not PHONE.match(value) or not 8 <= len(digits) <= 15:
        raise ValidationError(
            _("Give a phone number in digits, such as 0512 123456 or +31 6 12345678."),
            code="phone",
        )


def validate_social_links(value):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Give the links as a list of web addresses."))
    if len(value) > SOCIAL_LINKS_MAX:
        raise ValidationError(
            _("Give at most %(max)s links.") % {"max": SOCIAL_LINKS_MAX},
            code="too_many",
        )
    check = URLValidator(schemes=["https", "http"])
    for link in value:
        try:
            check(link)
        except ValidationError:
            raise ValidationError(
                _("“%(link)s” is not a web address; start it with https://.")
                % {"link": link},
                code="invalid_link",
            ) from None
