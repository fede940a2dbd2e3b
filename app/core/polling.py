"""A background thread that runs one pass, waits, and runs again until it is stopped: the
webhook dispatcher and the mail worker. A failing pass is logged once per distinct problem
(not at every poll) and the loop goes on; stopping wakes the wait at once. What a pass did is
a `PassReport`, logged by `report` as one line when it did something."""

import logging
import threading
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass
from typing import ClassVar


@dataclass
class PassReport(ABC):
    """What one pass of a background worker did (a dataclass of counts): a line for people when
    it did something, and the whole report as the `log_key` field of the JSON line, named in
    the subclass's header: `class PassResult(PassReport, log_key="mail")`."""

    log_key: ClassVar[str]

    def __init_subclass__(cls, *, log_key: str, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.log_key = log_key

    @abstractmethod
    def line(self) -> str | None:
        """The line to log, or None when the pass did nothing worth one."""


def report(log: logging.Logger, result: PassReport) -> None:
    """Log what a pass did (nothing when it did nothing worth a line)."""
    if (line := result.line()) is not None:
        log.info(line, extra={result.log_key: asdict(result)})


class Poller(ABC):
    def __init__(self, thread_name: str, interval_s: float, log: logging.Logger) -> None:
        self.thread_name = thread_name
        self.interval_s = interval_s
        self.log = log
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @abstractmethod
    def run_pass(self) -> None:
        """One pass of the work; an exception is logged and the next pass runs as usual."""

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 15.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _run(self) -> None:
        last_error = ""
        while not self._stop.is_set():
            try:
                self.run_pass()
                last_error = ""
            except Exception as exc:
                if str(exc) != last_error:  # once per distinct problem, not every poll
                    self.log.warning("%s pass failed: %s", self.thread_name, exc, exc_info=True)
                last_error = str(exc)
            self._stop.wait(self.interval_s)
