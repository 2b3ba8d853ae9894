"""The checker on real published reports: every hand-labelled cell, year and section of
``../shared/examples/real/`` (gold written by hand, see its README) against what it reads.

Fails below 99 % of the numeric cells, on any number where the gold is blank, on a wrong year.
"""

import pytest

from gongkai.reports.tests.real_corpus import REAL_DIR, corpus_files, score_corpus

pytestmark = pytest.mark.skipif(not (REAL_DIR / "gold").is_dir(),
                                reason=f"the real corpus is not here: {REAL_DIR} is absent")


def test_the_real_corpus_has_its_labelled_files():
    # 27 web-page excerpts and one original PDF (README of the corpus)
    assert len(corpus_files()) == 28


def test_the_checker_reads_real_reports():
    score = score_corpus()
    print()
    print(score.summary())
    assert not score.invented, score.invented
    assert not score.wrong_years, score.wrong_years
    assert score.accuracy >= 0.99, score.summary()
