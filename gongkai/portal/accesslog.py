"""Access logs without query codes: ``gongkai serve`` and ``deploy/gunicorn.conf.py`` run gunicorn
with this logger class. An old client may still send ``?query_code=`` (the API accepts it; the
platform never generates such a URL); whoever reads the log must not be able to open the
application with it, so the value is replaced before the line is written — in the request line,
the query string, the referer and every header or environ value — and ``X-Query-Code`` is dropped."""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

# ``query_code=…`` also percent-encoded (``query%5Fcode``) and in any letter case
_CODE = re.compile(r"(?i)(query(?:_|%5f)code=)[^&;#\s\"']*")
REDACTED = "[removed]"


def strip_query_code(text: str) -> str:
    return _CODE.sub(lambda m: m.group(1) + REDACTED, text)


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str) and "code" in value.lower():
                atoms[key] = strip_query_code(value)
        for key in ("{x-query-code}i", "{http_x_query_code}e"):
            if key in atoms:
                atoms[key] = REDACTED
        return atoms
