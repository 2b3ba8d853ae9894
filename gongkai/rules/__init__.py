"""The law's arithmetic as plain Python: no Django here (a test enforces it).

calendar — working days; clock — the statutory clock of one application; fees — 109号;
outcomes — the 21 leaf outcomes of table 三; annual_format — the 2021 report format and its checks.
"""
