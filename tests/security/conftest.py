"""Security tests (issue 9, part B): input and output, uploads, headers, personal data."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
