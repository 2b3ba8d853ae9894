"""Fixtures for every app's tests (beside the project's conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no requests counted (gongkai.portal.ratelimit keeps counts in the cache)."""
    from django.core.cache import cache

    cache.clear()
    yield

