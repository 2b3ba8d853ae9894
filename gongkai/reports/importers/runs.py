"""Cells run together without separators (``801000081`` for 80 / 1 / 0 / 0 / 0 / 0 / 81): a web
page's text content joins the cells of a row. Each run is split into the row's cells using the
table's own identities — a row's 总计 is the sum of the six applicant columns; a column's （七）总计
is the sum of the outcome rows; 一 + 二 = 三（七） + 四 — and only where exactly one split
satisfies them. Where several do, the row is left out (and a finding says so): a wrong figure
is worse than a missing one.
"""

from __future__ import annotations

from itertools import combinations

from gongkai.reports.importers.normalize import NUM, Token
from gongkai.rules import annual_format as af

#: a run longer than this many digits is not split (the splits to try grow too fast)
MAX_RUN_DIGITS = 24


def splits(text: str, parts: int) -> list[list[int]]:
    """Every way to cut a digit string into ``parts`` counts, none with a leading zero."""
    n = len(text)
    if parts < 1 or n < parts or n > MAX_RUN_DIGITS:
        return []
    out = []
    for cuts in combinations(range(1, n), parts - 1):
        bounds = (0,) + cuts + (n,)
        pieces = [text[a:b] for a, b in zip(bounds, bounds[1:])]
        if any(len(p) > 1 and p[0] == "0" for p in pieces):
            continue
        out.append([int(p) for p in pieces])
    return out


def row_candidates(tokens: list[Token], width: int, row_total: bool, groups: int = 1
                   ) -> list[list[int]] | None:
    """The readings of a row whose numbers are fewer than its cells but whose digits are enough:
    each number token cut into one or more cells, the row's total (its last cell) equal to the
    sum of the others when ``row_total`` — for each of ``groups`` equal parts of the row when
    the line holds several rows (table 四's three groups of five). None when the row is not a
    run (nothing to split)."""
    if not tokens or len(tokens) >= width or any(t.kind != NUM or not t.text.isdigit() for t in tokens):
        return None
    if sum(len(t.text) for t in tokens) < width:
        return None
    readings: list[list[int]] = [[]]
    for i, tok in enumerate(tokens):
        rest = len(tokens) - i - 1
        grown = []
        for r in readings:
            room = width - len(r) - rest
            for k in range(1, min(room, len(tok.text)) + 1):
                for cut in splits(tok.text, k):
                    grown.append(r + cut)
        readings = grown
        if len(readings) > 20000:
            return []
    readings = [r for r in readings if len(r) == width]
    if row_total:
        size = width // groups
        parts = [(g * size, (g + 1) * size) for g in range(groups)]
        readings = [r for r in readings if all(sum(r[a:b - 1]) == r[b - 1] for a, b in parts)]
    return readings


def resolve_columns(known: dict[str, list], ambiguous: dict[str, list[list[int]]]) -> None:
    """Narrow the readings of table 三's ambiguous rows with the column identities, in place:
    a reading is dropped when an identity whose other rows are all known fails with it. A row
    left with one reading moves to ``known``."""
    outcome = list(af.OUTCOME_KEYS)
    identities = [(outcome, ["processed_total"]), (["new_received", "carried_in"], ["processed_total", "carried_out"])]
    changed = True
    while changed and ambiguous:
        changed = False
        for key in list(ambiguous):
            kept = []
            for reading in ambiguous[key]:
                trial = {**known, key: reading}
                if all(_holds(trial, left, right, col)
                       for left, right in identities if key in left + right
                       for col in range(len(reading))):
                    kept.append(reading)
            if len(kept) < len(ambiguous[key]):
                changed = True
                ambiguous[key] = kept
            if len(kept) == 1:
                known[key] = kept[0]
                del ambiguous[key]
                changed = True


def _holds(values: dict[str, list], left: list[str], right: list[str], col: int) -> bool:
    """An identity Σ left = Σ right at column ``col``; True when it cannot be assessed."""
    try:
        lv = [values[k][col] for k in left]
        rv = [values[k][col] for k in right]
    except (KeyError, IndexError):
        return True
    if any(v is None or not isinstance(v, int) for v in lv + rv):
        return True
    return sum(lv) == sum(rv)
