"""gongkai/rules is plain Python (style.md rule 1): importing it must not import Django."""

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import gongkai.rules

RULES_DIR = Path(gongkai.rules.__file__).parent
ROOT = RULES_DIR.parent.parent


def rule_modules() -> list[str]:
    return sorted(f"gongkai.rules.{m.name}" for m in pkgutil.iter_modules([str(RULES_DIR)])
                  if m.name != "tests")


def test_it_finds_the_rule_modules():
    assert {"gongkai.rules.calendar", "gongkai.rules.clock", "gongkai.rules.fees"} <= set(rule_modules())


def test_it_imports_every_rule_module_without_django():
    code = ("import sys\n"
            + "".join(f"import {name}\n" for name in rule_modules())
            + "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
            "print(loaded)\n"
            "sys.exit(1 if loaded else 0)\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_it_has_no_django_import_in_the_sources():
    pattern = re.compile(r"^\s*(import\s+django\b|from\s+django\b)", re.MULTILINE)
    offenders = [str(p.relative_to(ROOT)) for p in RULES_DIR.rglob("*.py") if pattern.search(p.read_text("utf-8"))]
    assert offenders == []
