"""The annual-report checker (年度报告体检): read a published report — plain text, HTML, DOCX or
PDF, and scans (a PDF without a text layer, photos of pages: ``ocr``) — recover tables 二, 三
and 四 into the spec's keys and say what is wrong with it.

No Django here: ``gongkai check`` runs without a database, and the web upload calls
:func:`check_file` the same way::

    from gongkai.reports.importers import check_file, ReportReadError
    result = check_file(upload.read(), filename=upload.name)
    result.as_dict()   # {"file", "agency", "year", "format", "published_on", "sections", "tables", "findings"}
"""

from gongkai.reports.importers.checker import CheckResult, check_file
from gongkai.reports.importers.reading import MAX_BYTES, ReportReadError

__all__ = ["CheckResult", "check_file", "ReportReadError", "MAX_BYTES"]
