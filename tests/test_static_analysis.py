"""bandit finds nothing of medium or high severity in the portal and search packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bandit_is_clean_at_medium_severity_and_above():
    targets = [p for p in ("portal", "search") if (ROOT / p).is_dir()]
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", *targets, "-ll", "-q", "-f", "txt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:]
