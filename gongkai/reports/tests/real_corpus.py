"""Score the checker on the hand-labelled real reports of ``../shared/examples/real/``.

Shared by ``test_real_corpus.py`` and ``bench/check.py``. The gold is the hand-written
``gold/NNN.json`` (its README: ``cells`` table → row → column → value, ``null`` = the source cell
is blank, cells the excerpt does not reach are left out). A numeric gold cell is right when the
checker read that number; a ``null`` gold cell is right when the checker put no number there
(blank or left out — leaving out is allowed, inventing a number is not).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def _real_dir() -> Path:
    """``../shared/examples/real`` beside the repository; from a git worktree, beside the main
    checkout the worktree was made from. ``GONGKAI_REAL_CORPUS`` overrides both."""
    if os.environ.get("GONGKAI_REAL_CORPUS"):
        return Path(os.environ["GONGKAI_REAL_CORPUS"])
    candidates = [REPO.parent / "shared" / "examples" / "real"]
    git = REPO / ".git"
    if git.is_file():  # a worktree: "gitdir: <main>/.git/worktrees/<name>"
        gitdir = Path(git.read_text(encoding="utf-8").split(":", 1)[1].strip())
        candidates.append(gitdir.parents[2].parent / "shared" / "examples" / "real")
    return next((c for c in candidates if c.is_dir()), candidates[0])


REAL_DIR = _real_dir()


@dataclass
class FileScore:
    name: str
    numeric: int = 0
    numeric_right: int = 0
    nulls: int = 0
    invented: list[str] = field(default_factory=list)      # a number where the gold is null
    wrong: list[str] = field(default_factory=list)         # "table.row.column: got X, gold Y"
    year_gold: int | None = None
    year_got: int | None = None
    sections_wrong: list[str] = field(default_factory=list)
    agency_gold: str | None = None
    agency_got: str | None = None
    error: str | None = None

    @property
    def year_ok(self) -> bool:
        return self.year_gold is None or self.year_gold == self.year_got


@dataclass
class CorpusScore:
    files: list[FileScore]

    @property
    def numeric(self) -> int:
        return sum(f.numeric for f in self.files)

    @property
    def numeric_right(self) -> int:
        return sum(f.numeric_right for f in self.files)

    @property
    def accuracy(self) -> float:
        return self.numeric_right / self.numeric if self.numeric else 1.0

    @property
    def invented(self) -> list[str]:
        return [f"{f.name} {c}" for f in self.files for c in f.invented]

    @property
    def wrong_years(self) -> list[str]:
        return [f"{f.name}: {f.year_got} (gold {f.year_gold})" for f in self.files if not f.year_ok]

    @property
    def sections_wrong(self) -> list[str]:
        return [f"{f.name} {s}" for f in self.files for s in f.sections_wrong]

    @property
    def agencies(self) -> tuple[int, int]:
        """(agencies read as the gold names them, files whose gold names one) — not a target."""
        named = [f for f in self.files if f.agency_gold]
        return sum(1 for f in named if f.agency_got == f.agency_gold), len(named)

    def summary(self) -> str:
        lines = [f"real reports: {len(self.files)} files, numeric cells {self.numeric_right}/{self.numeric} "
                 f"= {self.accuracy:.2%}; numbers where gold is null: {len(self.invented)}; "
                 f"wrong years: {len(self.wrong_years)}; sections wrong: {len(self.sections_wrong)}; "
                 f"agency as gold: {self.agencies[0]}/{self.agencies[1]}"]
        for f in self.files:
            if f.error or f.wrong or f.invented or not f.year_ok or f.sections_wrong:
                lines.append(f"  {f.name}: cells {f.numeric_right}/{f.numeric} year {f.year_got}/{f.year_gold}"
                             + (f" error {f.error}" if f.error else ""))
                for w in f.wrong[:12]:
                    lines.append(f"    wrong {w}")
                for w in f.invented[:12]:
                    lines.append(f"    invented {w}")
                if f.sections_wrong:
                    lines.append(f"    sections {', '.join(f.sections_wrong)}")
        return "\n".join(lines)


def corpus_files(root: Path = REAL_DIR) -> list[tuple[str, Path, Path]]:
    """(name, source file, gold file) for every labelled report."""
    out = []
    for gold in sorted((root / "gold").glob("*.json")):
        name = gold.stem
        for candidate in (root / "text" / f"{name}.txt", root / "pdf" / f"{name}.pdf"):
            if candidate.exists():
                out.append((name, candidate, gold))
                break
    return out


def score_file(name: str, source: Path, gold_path: Path) -> FileScore:
    from gongkai.reports.importers import ReportReadError, check_file

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    fs = FileScore(name, year_gold=gold.get("year"), agency_gold=gold.get("agency"))
    try:
        result = check_file(source)
        got_tables = result.as_dict()["tables"]
        fs.year_got = result.year
        fs.agency_got = result.agency
        sections = result.sections
    except ReportReadError as e:
        got_tables, sections, fs.error = {}, {}, str(e)
    for table, rows in (gold.get("cells") or {}).items():
        for row, cols in rows.items():
            for col, want in cols.items():
                got = got_tables.get(table, {}).get(row, {}).get(col)
                where = f"{table}.{row}.{col}"
                if want is None:
                    fs.nulls += 1
                    if got is not None:
                        fs.invented.append(f"{where}: got {got}")
                    continue
                fs.numeric += 1
                if got is not None and abs(float(got) - float(want)) < 1e-9:
                    fs.numeric_right += 1
                else:
                    fs.wrong.append(f"{where}: got {got}, gold {want}")
    for key, present in (gold.get("sections_present") or {}).items():
        if bool(sections.get(key)) != bool(present):
            fs.sections_wrong.append(f"{key}={'missing' if present else 'extra'}")
    return fs


def score_corpus(root: Path = REAL_DIR) -> CorpusScore:
    return CorpusScore([score_file(*item) for item in corpus_files(root)])
