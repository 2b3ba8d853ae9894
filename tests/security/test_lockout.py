"""The staff log-in lockout keys on the client's real address behind the proxy (issue 15, item 3):
five bad passwords from one visitor lock that visitor out, not every visitor nginx forwards."""

from __future__ import annotations

import pytest

NGINX = "127.0.0.1"
ATTACKER = "203.0.113.5"
COLLEAGUE = "198.51.100.7"
PASSWORD = "correct horse battery"  # gongkai.testing's password for every test user


def _login(client, password, forwarded):
    return client.post("/staff/login/", {"username": "officer", "password": password},
                       REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 5


def test_five_bad_passwords_lock_out_that_address_only(client, world, behind_nginx):
    from axes.models import AccessAttempt

    for _ in range(5):
        _login(client, "wrong", ATTACKER)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [ATTACKER]
    locked = _login(client, PASSWORD, ATTACKER)  # even the right password, from the attacker
    assert locked.status_code in (403, 429) and "_auth_user_id" not in client.session
    client.cookies.clear()
    r = _login(client, PASSWORD, COLLEAGUE)  # the officer, from another address behind the same nginx
    assert r.status_code == 302 and client.session["_auth_user_id"] == str(world.officer.pk)


def test_a_forged_first_hop_does_not_change_the_address(client, world, behind_nginx):
    """With one proxy, only the hop nginx added counts; what the client wrote before it is ignored."""
    from axes.models import AccessAttempt

    for i in range(5):
        _login(client, "wrong", f"10.0.0.{i}, {ATTACKER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert _login(client, PASSWORD, f"10.9.9.9, {ATTACKER}").status_code in (403, 429)
