"""gongkai holidays on a data directory whose database has never been migrated."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_list_on_an_unmigrated_database_says_so_in_chinese(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("GONGKAI_DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(PYTHONPATH=str(ROOT), GONGKAI_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "gongkai", "holidays", "list"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "数据库尚未初始化" in done.stderr
    assert "gongkai manage migrate" in done.stderr
    assert done.stdout == ""
