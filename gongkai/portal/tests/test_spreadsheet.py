from gongkai.portal.spreadsheet import safe_cell, safe_row


def test_it_prefixes_every_formula_start_and_leaves_the_rest():
    assert safe_row(["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"]) == ["'=1+1", "'+1", "'-1", "'@A1", "'\t=1", "'\r=1"]
    assert safe_row(["标题", "a=1", "", None, -1, 2.5, "１"]) == ["标题", "a=1", "", None, -1, 2.5, "１"]
    assert safe_cell("'=1") == "'=1"
