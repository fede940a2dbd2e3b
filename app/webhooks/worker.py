"""The webhook dispatcher thread started with the app (PARTILHA_WEBHOOK_DISPATCHER, on by
default; off in tests, which call dispatch.dispatch_once directly). Several app processes may
run it: fan-out is serialised by the cursor row, sending by per-delivery claims."""

import logging

from sqlalchemy.engine import Engine

from app.config import Settings
from app.core.polling import Poller
from app.webhooks import dispatch

log = logging.getLogger("partilha.webhooks")


class WebhookDispatcher(Poller):
    def __init__(self, engine: Engine, settings: Settings):
        super().__init__("partilha-webhooks", settings.webhook_poll_s, log)
        self.engine = engine
        self.settings = settings

    def run_pass(self) -> None:
        dispatch.dispatch_once(self.engine, self.settings)  # logs under its own task id
