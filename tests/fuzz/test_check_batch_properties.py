"""A checker batch never crashes on what it is given: ``uploads.expand`` on any ZIP returns files
and skipped files (or refuses with a Chinese ``UploadError``), and the cross-year pairing of a
batch (``importers.pairs``) takes any results — missing tables, blank or odd cells, repeated
years — and only says what it knows a name for."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.reports.importers.codes import FINDING_NAMES
from gongkai.reports.importers.pairs import with_pair_findings
from gongkai.reports.uploads import SKIPPED_PREFIX, UploadError, expand

FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

MEMBER_NAMES = st.sampled_from(["a.txt", "b.pdf", "c.png", "d.JPG", "e.doc", "f.zip", "g", "__MACOSX/._a.txt",
                                "x/../y.html", "~$z.docx", "h.docx", "空.txt", "很长" * 80 + ".pdf"])
CELL = st.one_of(st.none(), st.integers(-3, 200), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=3))
ROW = st.dictionaries(st.sampled_from(["issued", "abolished", "in_force", "natural_person", "total", "other_org"]), CELL)
TABLES = st.dictionaries(st.sampled_from(["proactive", "applications", "appeals"]),
                         st.dictionaries(st.sampled_from(["regulations", "normative_documents", "carried_in",
                                                          "carried_out", "new_received"]), ROW))
RESULT = st.one_of(st.none(), st.fixed_dictionaries({
    "agency": st.sampled_from([None, "某局", "某 局", "某（局）", "另一局", ""]),
    "year": st.one_of(st.none(), st.integers(2020, 2024)),
    "tables": TABLES,
    "findings": st.just([]),
}))


@FAST
@given(st.lists(st.tuples(MEMBER_NAMES, st.binary(max_size=200)), max_size=8))
def test_any_zip_expands_or_is_refused_in_chinese(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            z.writestr(name, data)
    try:
        out = expand("包.zip", buf.getvalue())
    except UploadError as e:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(e))
        return
    assert all(reason.startswith(SKIPPED_PREFIX) for _, reason in out.skipped)
    assert all(data for _, data in out.files)  # an empty member is skipped, never checked


@FAST
@given(st.lists(RESULT, max_size=6))
def test_pairing_takes_any_results(results):
    names = [f"{i}.txt" for i in range(len(results))]
    out = with_pair_findings(results, names)
    assert len(out) == len(results)
    for before, after in zip(results, out):
        assert (before is None) == (after is None)
        for f in (after or {}).get("findings", []):
            assert f["code"] in FINDING_NAMES and f["severity"] in ("error", "warning", "info")
