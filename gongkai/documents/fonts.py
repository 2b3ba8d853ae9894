"""Chinese fonts for DOCX and PDF.

DOCX names the fonts a Chinese Word installation has (仿宋 for the body, 宋体 for the title — the
公文 convention, GB/T 9704); LibreOffice substitutes what fontconfig offers. PDFs are drawn by
WeasyPrint with the Noto CJK fonts (Debian ``fonts-noto-cjk``), subset and embedded, so they show
the same on every reader. Subsetting these large fonts is fast only with HarfBuzz's subsetter
(Debian ``libharfbuzz-subset0``); without it WeasyPrint falls back to fontTools at ~10 s a letter.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess

log = logging.getLogger(__name__)

DOCX_BODY_FONT = "FangSong"  # 仿宋: Word resolves the English name; LibreOffice maps it through fontconfig
DOCX_TITLE_FONT = "SimSun"  # 宋体
DOCX_LATIN_FONT = "Times New Roman"

#: CSS font stacks for the PDF (the first installed family that has the glyph wins)
PDF_BODY_FONTS = '"FangSong", "仿宋", "Noto Serif CJK SC", "Noto Serif CJK", "Noto Sans CJK SC", serif'
PDF_TITLE_FONTS = '"Noto Serif CJK SC", "Noto Serif CJK", "SimSun", "Noto Sans CJK SC", serif'


@functools.cache
def cjk_font_families() -> tuple[str, ...]:
    """Installed font families covering Chinese (empty when fontconfig has none or is missing)."""
    if not shutil.which("fc-list"):
        return ()
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                             timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(sorted({name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}))


@functools.cache
def warn_if_unsuitable() -> None:
    """Log once when PDFs would lack Chinese glyphs or be very slow to produce."""
    if not cjk_font_families():
        log.warning("没有安装中文字体：PDF 文书将无法显示中文。请安装 fonts-noto-cjk。")
    from weasyprint.text.ffi import harfbuzz_subset  # imported here: loading WeasyPrint takes a while

    if harfbuzz_subset is None:
        log.warning("没有 HarfBuzz 字体子集库：生成 PDF 会很慢。请安装 libharfbuzz-subset0。")
