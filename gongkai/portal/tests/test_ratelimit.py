"""The client address the rate limits count by."""

from django.test import RequestFactory

from gongkai.portal.ratelimit import client_ip


def test_it_takes_the_address_behind_the_configured_number_of_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"  # no proxy: a forged header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.5"  # the address our one proxy saw
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "198.51.100.7"
