"""The serving process leaves what start-up loaded out of the cycle collector's passes while it
serves, and gives it back at shutdown (bench/load.py measures what that buys)."""

import gc

from fastapi.testclient import TestClient

from app.core.heap import YOUNG_OBJECTS


def test_start_up_objects_are_frozen_while_the_app_serves(env: None) -> None:
    from app.main import create_app

    before = gc.get_threshold()
    with TestClient(create_app()) as client:
        assert client.get("/healthz").status_code in (200, 503)
        assert gc.get_freeze_count() > 10_000  # the app, its routes, the catalog...
        assert gc.get_threshold()[0] == YOUNG_OBJECTS
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
