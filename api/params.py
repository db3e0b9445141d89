"""Query parameter names: lower camelCase, as the NL API Design Rules ask.

The names the API first published in snake_case stay accepted as
deprecated aliases, with the same meaning; this is their one home. The
filters keep the old names inside, the OpenAPI document shows the new ones
(api.schema), and errors name a parameter as the client spelt it.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions

# camelCase name -> the deprecated snake_case alias (the filters' own name)
CAMEL_CASE = {
    "updatedSince": "updated_since",
    "radiusKm": "radius_km",
    "tagAny": "tag_any",
}


def use_filter_names(request):
    """Rename the camelCase parameters of a request to the filters' names,
    and remember the client's spelling (spelt_as) for its errors."""
    query = request._request.GET
    given = {camel: alias for camel, alias in CAMEL_CASE.items() if camel in query}
    both = {camel: alias for camel, alias in given.items() if alias in query}
    if both:
        raise exceptions.ValidationError(
            {
                camel: _("Give %(name)s or its old name %(alias)s, not both.")
                % {"name": camel, "alias": alias}
                for camel, alias in both.items()
            }
        )
    if not given:
        return
    renamed = query.copy()
    for camel, alias in given.items():
        renamed.setlist(alias, renamed.pop(camel))
    request._request.GET = renamed
    request._request.spelt_as = {alias: camel for camel, alias in given.items()}


def spelt_as(request, name):
    """A parameter's name as the client wrote it."""
    return getattr(request, "spelt_as", {}).get(name, name)


def together(*checks):
    """The results of the checks (functions that read query parameters),
    after every one ran: the errors of all of them in one 400, so that a
    client learns everything wrong with its request at once."""
    results, errors = [], {}
    for check in checks:
        try:
            results.append(check())
        except exceptions.ValidationError as error:
            errors.update(error.detail)  # {parameter: [messages]}
    if errors:
        raise exceptions.ValidationError(errors)
    return results
