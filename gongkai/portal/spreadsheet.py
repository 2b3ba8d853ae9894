"""Cells a spreadsheet will not run: the one helper every CSV and XLSX export passes text through."""

from __future__ import annotations

# What Excel, LibreOffice and Numbers read as the start of a formula (tab and CR too: some strip
# them and then see the ``=``), OWASP "CSV injection".
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` unchanged, except text that would start a formula, which gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(v) for v in values]
