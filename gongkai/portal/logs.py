"""One JSON object a line (``GONGKAI_LOG_FORMAT=json``), for journald, Loki, ELK and the like."""

from __future__ import annotations

import datetime
import json
import logging

# attributes every LogRecord has; anything else was passed with ``extra=`` and is kept
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.timezone.utc)
            .isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            out["method"] = getattr(request, "method", None)
            out["path"] = request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            out["status"] = status
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in out and key not in ("request", "status_code"):
                out[key] = value
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)
