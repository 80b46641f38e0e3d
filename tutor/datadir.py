"""The per-user data folder of `tutor up`: embedded servers, the secret key, a run lock."""

from __future__ import annotations

import fcntl
import os
import secrets
from pathlib import Path
from typing import IO


class AlreadyRunning(Exception):
    pass


class RunLock:
    """An exclusive flock on the data folder: released by the kernel even after `kill -9`."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "tutor-up.lock"
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise AlreadyRunning(
                f"another `tutor up` (pid {holder}) is using {self.path.parent}; "
                "stop it first, or use --data-dir for a second instance"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def secret_key_in(data_dir: Path) -> str:
    """Generated once, kept (mode 0600) so tokens survive restarts."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
