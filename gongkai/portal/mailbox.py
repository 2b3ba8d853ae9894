"""Mail in embedded mode without SMTP: each message into a file under ``DATA_DIR/mail`` that only
the server's user can read (0600, in a 0700 folder) — never printed to the server log, where it
would show applicants' addresses and 查询码 to whoever reads the log. ``gongkai serve`` uses it
when ``GONGKAI_SMTP_HOST`` is not set; configure SMTP to send for real."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend


class PrivateFileBackend(EmailBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, file_path=file_path, **kwargs)
        os.chmod(self.file_path, 0o700)

    def open(self):
        if self.stream is None:
            fd = os.open(self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.fchmod(fd, 0o600)
            self.stream = os.fdopen(fd, "ab")
            return True
        return False


def delivers() -> bool:
    """Whether mail reaches its recipients (SMTP or another real backend), not the console or the
    mail folder of embedded mode."""
    return not settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "mailbox.PrivateFileBackend"))
