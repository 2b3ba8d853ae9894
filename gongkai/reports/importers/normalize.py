"""Character-level clean-up of extracted report text, and the tokens a table cell is made of.

Everything the parser compares goes through :func:`norm` first: NFKC (full-width digits, letters,
brackets, colons and spaces become half-width), a small traditional → simplified mapping that
covers the characters of the format's labels and headings, and one space for any run of blanks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Traditional characters that occur in the format's headings, row and column labels, and in the
# phrases the checks look for. Not a general converter: enough to read a report typed in
# traditional characters (or extracted from a PDF that used them).
_TRAD = (
    "報报 開开 請请 數数 轉转 處处 結结 計计 護护 權权 認认 執执 機机 關关 資资 現现 製制 補补 "
    "後后 確确 內内 務务 過过 類类 國国 祕秘 穩稳 規规 範范 許许 強强 費费 複复 議议 訟讼 訴诉 "
    "維维 糾纠 審审 總总 個个 體体 況况 據据 統统 經经 應应 會会 為为 與与 門门 網网 發发 廢废 "
    "決决 額额 萬万 單单 條条 項项 問问 題题 進进 對对 實实 際际 領领 導导 責责 設设 辦办 場场 "
    "營营 業业 構构 組组 織织 師师 來来 時时 間间 長长 區区 縣县 鄉乡 鎮镇 員员 號号 見见 書书 "
    "廣广 電电 話话 聯联 絡络 傳传 說说 讓让 價价 財财 產产 環环 衛卫 醫医 療疗 藥药 質质 監监 "
    "檢检 驗验 測测 調调 訪访 舉举 無无 當当 擬拟 繳缴 納纳 續续 繼继 歸归 屬属 於于 詢询 願愿 "
    "別别 這这 徵征 層层 紀纪 錄录 準准 權权 顯显 險险 術术 態态 務务 興兴 勵励 獲获 "
    "據据 勢势 壽寿 鬥斗 歲岁 團团 園园 圖图 親亲 聽听 學学 習习 雙双 廳厅 辭辞 屆届 務务 "
    "劃划 創创 辯辩 係系 約约 級级 紙纸 遞递 郵邮 寫写 傳传 屬属 囑嘱 聞闻 隱隐 衝冲 範范 "
    "頁页 億亿 餘余 陸陆 歷历 曆历 愛爱 競竞 爭争 級级 層层 縮缩 簡简 雜杂 錯错 誤误"
)
_TRAD_MAP = {ord(pair[0]): pair[1] for pair in _TRAD.split() if len(pair) == 2}

_SPACES = re.compile(r"[ \u00a0\u3000\u2002-\u200b\ufeff]+")


# a mirror's reading aid after a character: "項(xiàng)", "處(chǔ)理" — tone-marked pinyin in brackets
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\((?=[^)]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])"
                     r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+(?: [a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+)*\)")
# a mojibake "?" standing before a figure or at the start of a line ("??? 三是", "?0")
_STRAY_QUESTION = re.compile(r"(?:^|(?<=\s))[?\ufffd]+(?=\s*[\d\u4e00-\u9fff(])")


def norm(text: str) -> str:
    """NFKC, traditional → simplified (label characters), pinyin annotations and mojibake
    question marks dropped, one space for blank runs, stripped."""
    text = unicodedata.normalize("NFKC", text)
    text = _PINYIN.sub("", text)
    text = _STRAY_QUESTION.sub("", text)
    text = text.translate(_TRAD_MAP)
    text = text.replace("\u2212", "-").replace("\u2013", "-")
    return _SPACES.sub(" ", text).strip()


def squeeze(text: str) -> str:
    """A normalised string without blanks, quotes or brackets: for comparing labels."""
    return re.sub(r"[\s\"“”‘’'()（）\[\]【】《》<>〈〉:：,，.。、;；!！?？·]", "", norm(text))


# ---- numbers --------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """'十三' → 13, '二〇二五' → 2025 (digit by digit), '两' → 2; None when it is not one."""
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    units = {"十": 10, "百": 100, "千": 1000}
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in units:
            total += (current or 1) * units[ch]
            current = 0
        else:
            return None
    return total + current


def parse_number(text: str) -> int | Decimal | None:
    """'1,234' → 1234, '0.35' → Decimal('0.35'), '-2' → -2; None for anything else."""
    t = text.strip().replace(" ", "")
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", t):
        t = t.replace(",", "")
    if re.fullmatch(r"[-+]?\d+", t):
        return int(t)
    if re.fullmatch(r"[-+]?\d+\.\d+", t):
        try:
            return Decimal(t)
        except InvalidOperation:  # pragma: no cover - the pattern excludes it
            return None
    return None


# ---- cell tokens ----------------------------------------------------------------------------

NUM, NULL, BLANK, TEXT = "num", "null", "blank", "text"

#: what a report writes in a cell it leaves empty
NULL_MARKERS = frozenset({"/", "-", "--", "—", "——", "-—", "无", "/ /", "—/—", "\\", "空"})

_TOKEN = re.compile(
    r"(?P<num>[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|[-+]?\d+(?:\.\d+)?)"
    r"|(?P<null>(?<![\u4e00-\u9fff])(?:——|—|--|-|/|\\|无|空)(?![\u4e00-\u9fff\d]))"
    r"|(?P<sp>\s+)"
    r"|(?P<text>.)",
    re.S,
)
# numbering in front of a label: "1." "2、" "10." — part of the label, not a value
_LABEL_NUMBERING = re.compile(r"(?:\d{1,2}\s*[.、]|\(\d{1,2}\))\s*(?=[\u4e00-\u9fff“\"])")
# digits that belong to label text: "第二十条" has none, but "12345热线", "2024年" do
_DIGITS_IN_TEXT = re.compile(r"\d+(?=\s*[年月日号件个项条次%％])")


@dataclass
class Token:
    kind: str          # NUM, NULL, BLANK or TEXT
    text: str
    value: int | Decimal | None = None
    line: int = 0       # index of the line in the document
    cell: int = 0       # index of the cell in the line

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"{self.kind}:{self.text!r}"


def tokenize_cell(cell: str) -> list[Token]:
    """Split one cell's text into label text, numbers and blank markers.

    ``规章000`` → TEXT 规章, NUM 000; ``1. 属于国家秘密`` → one TEXT token (the numbering belongs
    to the label); ``—`` or ``无`` standing alone → NULL.
    """
    text = norm(cell)
    if not text:
        return []
    out: list[Token] = []
    pending_text: list[str] = []

    def flush():
        if pending_text:
            s = "".join(pending_text).strip()
            if s:
                out.append(Token(TEXT, s))
            pending_text.clear()

    pos = 0
    while pos < len(text):
        m = _LABEL_NUMBERING.match(text, pos)
        if m and (pos == 0 or not text[pos - 1].isdigit()):
            pending_text.append(m.group(0))
            pos = m.end()
            continue
        m = _DIGITS_IN_TEXT.match(text, pos)
        if m and pending_text and "".join(pending_text).strip():
            # "12345热线" / "共3件" inside label text stays text
            pending_text.append(m.group(0))
            pos = m.end()
            continue
        m = _TOKEN.match(text, pos)
        assert m is not None
        kind = m.lastgroup
        if kind == "num":
            flush()
            out.append(Token(NUM, m.group(0), parse_number(m.group(0))))
        elif kind == "null":
            flush()
            out.append(Token(NULL, m.group(0)))
        elif kind == "sp":
            if pending_text:
                pending_text.append(" ")
        else:
            pending_text.append(m.group(0))
        pos = m.end()
    flush()
    # a lone "无" that merged into text ("无 ") is handled by the regex; "无" inside words stays
    return out


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
