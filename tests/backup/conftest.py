"""The high-water marks of ids (app/backup/ids.py) of each test's database live in the test's
own folder, never in the project's .data."""

from pathlib import Path

import pytest

from tests.webhooks.conftest import dns, receiver  # noqa: F401 (a receiver, the test DNS)


@pytest.fixture(autouse=True)
def high_water_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "high-water"
    monkeypatch.setattr("app.backup.ids.HIGH_WATER_DIR", folder)
    return folder
