from django.core.management import call_command

from gongkai.accounts.models import Agency, ApiToken


def test_it_stores_api_tokens_hashed(world):
    token, raw = ApiToken.issue(world.officer)
    assert raw.startswith("gk_") and len(raw) > 40
    assert raw not in token.key_hash and token.prefix == raw[:8]
    assert ApiToken.objects.authenticate(raw) == world.officer
    assert ApiToken.objects.authenticate(raw + "x") is None
    assert ApiToken.objects.authenticate("") is None


def test_it_refuses_a_revoked_token(world):
    token, raw = ApiToken.issue(world.officer)
    token.revoked_at = token.created_at
    token.save()
    assert ApiToken.objects.authenticate(raw) is None


def test_it_refuses_a_token_of_a_deactivated_user(world):
    _, raw = ApiToken.issue(world.officer)
    world.officer.is_active = False
    world.officer.save()
    assert ApiToken.objects.authenticate(raw) is None


def test_it_finds_the_government_of_a_department(world):
    assert world.agency.government == world.government
    assert world.government.government == world.government
    # 行政复议法第二十四条: a county department → 本级人民政府
    assert world.agency.default_reconsideration_body == "测试县人民政府"


def test_it_lists_agencies_under_a_government(world):
    assert sorted(Agency.objects.under(world.government).values_list("code", flat=True)) == [
        "dept-x", "dept-y", "gov"]


def test_it_prints_a_new_token_on_the_last_line(world, capsys):
    call_command("create_api_token", "officer")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiToken.objects.authenticate(raw) == world.officer
