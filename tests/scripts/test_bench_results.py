"""scripts/bench_results.py rewrites bench/results.md from a bench run's outputs: the forgiving
search figures of issue 18 must be written too (they were dropped: only the latency table was)."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _module():
    spec = importlib.util.spec_from_file_location("bench_results", ROOT / "scripts" / "bench_results.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _timing(p50, p95):
    return {"fulltext_ms": {"p50": p50, "p95": p95}, "like_ms": {"p50": 100.0, "p95": 200.0}, "speedup_p95": 9.0,
            "queries": {}}


def test_the_forgiving_search_section_is_kept(tmp_path):
    run = {"n": 100_000, "indexed": 98_000, "rounds": 5, "like_rounds": 1, "titles": 200, "queries": ["x"] * 14,
           "load_before": [0.4, 0.5, 0.6], "load_after": [1.1, 0.9, 0.7],
           "suggest": {"vendor": "postgresql", "words": 606, "typed": 600, "ms": {"p50": 1.2, "p95": 3.4},
                       "empty_share": 20.0},
           "backends": {"sqlite": {
               "fixed": _timing(4.0, 9.0), "realistic": _timing(5.0, 21.0), "typed": _timing(6.0, 31.0),
               "zero_result_rate": 2.1,
               "forgiving": {"top10": 98.4, "queries": 1000, "empty": 0, "ms": {"p50": 20.0, "p95": 50.0},
                             "per_kind": {"wrong_char": 96.5, "homophone": 97.5, "pinyin_spaced": 100.0,
                                          "pinyin": 100.0, "initials": 99.0},
                             "per_half": {"first_half": 98.2, "held_out": 98.6}, "misses": []}}}}
    (tmp_path / "search.log").write_text("== search\n" + json.dumps(run), encoding="utf-8")
    text = _module().results(tmp_path)
    section = text[text.index("## Search: forgiving queries (issue 18)"):]
    assert "load average 0.4, 0.5, 0.6 at its start, 1.1, 0.9, 0.7 at its end" in section
    assert ("| sqlite | 98.4 % | 96.5 % | 97.5 % | 100.0 % | 100.0 % | 99.0 % | 98.2 % / 98.6 % | 20.0 / 50.0 | "
            "2.1 % | ✅ |") in section
    assert "| sqlite | typed | 6.0 | 31.0 | 100.0 | 200.0 | ❌ |" in section
    assert "p50 1.2 ms, p95 3.4 ms, 20.0 % of prefixes with no suggestion ✅" in section
