"""The architecture's boundaries hold: only app.search imports meilisearch, domains never
import the web interface (the import-linter contracts in pyproject.toml)."""

import subprocess
import sys
from pathlib import Path

from app.config import PROJECT_ROOT


def test_import_contracts_are_kept() -> None:
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(linter)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:]
