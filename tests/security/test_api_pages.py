"""Page numbers and ids the API cannot use: a 400 or 404 problem, never a 500."""

import pytest

from . import corpus
from .checks import ITEMS, LIST, assert_problem, get


@pytest.mark.parametrize("url", [LIST, ITEMS])
@pytest.mark.parametrize("name", ["limit", "offset"])
@pytest.mark.parametrize("value", corpus.BAD_NUMBERS)
def test_bad_page_numbers(unchanged, client, url, name, value):
    assert_problem(client.get(url, {name: value}), 400)


@pytest.mark.parametrize("url", [LIST, f"{LIST}?format=csv", ITEMS])
@pytest.mark.parametrize("offset", corpus.DEEP_OFFSETS)
def test_deep_pagination(unchanged, client, url, offset):
    """Past the end: an empty page, or a 400 when no database can count so far."""
    response = get(client, url, f"offset={offset}")
    if response.status_code == 200:
        assert b"Bestaand initiatief" not in response.content
    else:
        assert_problem(response, 400)


@pytest.mark.parametrize("url", ["/ogc/collections/initiatives/items/", f"{LIST}/"])
@pytest.mark.parametrize("key", [*corpus.UNICODE_DIGITS, str(10**30), "-1", "%00"])
def test_odd_ids_are_not_found(unchanged, client, url, key):
    assert_problem(client.get(url + key), 404)
