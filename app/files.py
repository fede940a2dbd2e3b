"""Files and folders that hold people's data (the SQLite database, backups, uploads, the search
index) are created private to the app's account: folders 0700, files 0600, whatever the umask.
Existing ones are left as the operator set them."""

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parents as private folders."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        os.chmod(folder, FOLDER_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty and private if it does not exist (SQLite keeps the mode of the file it
    opens and gives its -wal and -shm files the same)."""
    private_dir(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to a new private file (never readable by others, not even for a moment)."""
    private_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
