from gongkai.rules import annual_format as af
from gongkai.rules.outcomes import GROUPS, OUTCOMES, outcome

import pytest


def test_it_has_one_outcome_per_leaf_row_in_table_order():
    assert list(OUTCOMES) == list(af.OUTCOME_KEYS)
    assert len(OUTCOMES) == 21


def test_it_groups_outcomes_as_the_table_does():
    counts = {}
    for o in OUTCOMES.values():
        counts[o.group.key] = counts.get(o.group.key, 0) + 1
    # （一）1 （二）1 （三）8 （四）3 （五）5 （六）3
    assert counts == {"granted": 1, "partially_granted": 1, "denied": 8, "unavailable": 3,
                      "rejected": 5, "other": 3}
    assert set(GROUPS) == set(counts)


def test_it_requires_reconsideration_first_exactly_for_refusals():
    # 行政复议法第二十三条第一款（四）: 申请政府信息公开，行政机关不予公开
    first = {k for k, o in OUTCOMES.items() if o.reconsideration_first}
    assert first == {"partially_granted"} | {k for k in OUTCOMES if k.startswith("denied_")}


def test_it_cites_the_statute():
    assert "第十四条" in OUTCOMES["denied_state_secret"].basis
    assert "第三十八条" in OUTCOMES["unavailable_needs_creation"].basis
    assert "第三十九条第一款" in OUTCOMES["rejected_petition"].basis
    assert OUTCOMES["denied_state_secret"].full_label == "不予公开·属于国家秘密"


def test_it_rejects_an_unknown_outcome_in_chinese():
    with pytest.raises(ValueError, match="未知的办理结果"):
        outcome("granted_maybe")
