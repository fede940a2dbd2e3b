"""A slot an upper layer fills at assembly (app/assembly.py) and a lower one reads: how a
lower layer is told what it may not import (the places accounts check, the bodies webhooks
deliver, the profile sections municipalities show, what replications add to practices)."""

from typing import Generic, TypeVar

T = TypeVar("T")


class Slot(Generic[T]):
    def __init__(self, what: str) -> None:
        self.what = what  # named in the error when nothing was registered
        self._value: T | None = None

    def register(self, value: T) -> None:
        self._value = value

    def get(self) -> T:
        if self._value is None:
            raise RuntimeError(f"no {self.what} registered: app.assembly.assemble() was not called")
        return self._value

    def get_or_none(self) -> T | None:
        """For optional providers: None when the app was assembled without one."""
        return self._value
