import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test renders its maps afresh."""
    cache.clear()
    yield
    cache.clear()
