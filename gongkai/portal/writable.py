"""Whether files can be written in a directory — asked at start (settings) and by /healthz.

Tried, not guessed from modes: a read-only mount, a full disk or a path that is not a directory
shows only on writing. No Django imports: the settings module uses it before apps load."""

from __future__ import annotations

import tempfile
from pathlib import Path


def write_problem(path: Path) -> str | None:
    """Why a file cannot be written in ``path`` (None: it can)."""
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".gongkai-write-check-"):
            return None
    except OSError as e:
        return e.strerror or type(e).__name__
