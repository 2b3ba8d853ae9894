"""Compile gongkai/*/locale/*/LC_MESSAGES/django.po to .mo without GNU gettext.

Handles the simple .po files this project keeps (msgctxt, msgid/msgstr, msgid_plural/msgstr[0] for a language
with one plural form, comments, the header).
"""

import ast
import struct
from pathlib import Path


def _key(entry) -> str:
    """A plural entry is stored under ``msgid NUL msgid_plural`` (the .mo convention)."""
    msgid = "".join(entry["msgid"])
    if entry.get("msgctxt"):  # pgettext: ``context EOT msgid``
        msgid = "".join(entry["msgctxt"]) + "\x04" + msgid
    return msgid + "\0" + "".join(entry["msgid_plural"]) if entry["msgid_plural"] else msgid


def parse(po: Path) -> dict[str, str]:
    messages, field = {}, None
    entries: list[list[str]] = []
    current = {"msgid": [], "msgstr": [], "msgid_plural": []}
    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if line.startswith("msgctxt "):
            if current["msgstr"]:
                entries.append([_key(current), "".join(current["msgstr"])])
            current = {"msgctxt": [ast.literal_eval(line[8:])], "msgid": [], "msgstr": [], "msgid_plural": []}
            field = "msgctxt"
        elif line.startswith("msgid "):
            if current["msgstr"] or current["msgid"]:
                if current["msgstr"]:
                    entries.append([_key(current), "".join(current["msgstr"])])
                current = {"msgid": [], "msgstr": [], "msgid_plural": []}
            field = "msgid"
            current[field].append(ast.literal_eval(line[6:]))
        elif line.startswith("msgid_plural "):
            field = "msgid_plural"
            current[field].append(ast.literal_eval(line[13:]))
        elif line.startswith("msgstr "):
            field = "msgstr"
            current[field].append(ast.literal_eval(line[7:]))
        elif line.startswith("msgstr[0] "):
            field = "msgstr"
            current[field].append(ast.literal_eval(line[10:]))
        elif line.startswith('"') and field:
            current[field].append(ast.literal_eval(line))
    if current["msgstr"]:
        entries.append([_key(current), "".join(current["msgstr"])])
    for msgid, msgstr in entries:
        messages[msgid] = msgstr
    return messages


def write_mo(messages: dict[str, str], path: Path) -> None:
    keys = sorted(messages)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(messages[k].encode() + b"\0" for k in keys)
    n = len(keys)
    header = 7 * 4
    koffsets, voffsets, pos = [], [], 0
    for k in keys:
        koffsets.append((len(k.encode()), pos))
        pos += len(k.encode()) + 1
    pos = 0
    for k in keys:
        voffsets.append((len(messages[k].encode()), pos))
        pos += len(messages[k].encode()) + 1
    keystart = header + 16 * n
    valuestart = keystart + len(ids)
    out = struct.pack("<7I", 0x950412DE, 0, n, header, header + 8 * n, 0, 0)
    out += b"".join(struct.pack("<2I", length, keystart + off) for length, off in koffsets)
    out += b"".join(struct.pack("<2I", length, valuestart + off) for length, off in voffsets)
    path.write_bytes(out + ids + strs)


if __name__ == "__main__":
    for po in Path(__file__).resolve().parents[1].glob("gongkai/*/locale/*/LC_MESSAGES/*.po"):
        write_mo(parse(po), po.with_suffix(".mo"))
        print(po.with_suffix(".mo"))
