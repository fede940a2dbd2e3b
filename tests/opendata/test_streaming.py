"""Exports stream: memory stays flat whatever the number of rows (bench/export.py prints the
figures for 100,000)."""

import tracemalloc

import pytest
from sqlmodel import Session

from app.db import get_engine
from app.opendata import service
from app.opendata.columns import Format
from app.opendata.models import ExportQuery
from tests.builders import make_org, make_user
from tests.opendata.bulk import seed_published

ROWS = 20_000


class TestStreamedExport:
    @pytest.mark.slow  # tracemalloc slows Python down several times
    def test_memory_stays_flat_for_many_rows(self, session: Session) -> None:
        org = make_org(session, "Rede de Teste")
        user = make_user(session, "contributor", org)
        seed_published(get_engine(), ROWS, org.id or 0, user.id or 0, paragraphs=(1, 2))

        tracemalloc.start()
        try:
            export = service.export(session, "practices", Format.ndjson, ExportQuery())
            size = lines = 0
            for chunk in export.chunks:
                size += len(chunk)
                lines += chunk.count(b"\n")
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert lines == ROWS
        # Materialising the rows would hold at least the whole output at once (and several
        # times more as Python objects); streaming holds a batch and the municipality names.
        assert size > 20_000_000
        assert peak < min(size / 5, 8_000_000), f"peak {peak / 1e6:.1f} MB for {size / 1e6:.1f} MB"
