"""Compressed answers: brotli or gzip (zstd when the `zstandard` module is installed), by what
the client accepts, for HTML, JSON, CSV, NDJSON, Atom, problem+json and the offline bundle,
above COMPRESS_MIN_BYTES. Streamed exports are compressed as they stream (nothing buffered).

Clients that send no Accept-Encoding (or `identity`) get the bytes as they are. Images are
already compressed and are left alone."""

import importlib.util

from fastapi import FastAPI
from starlette_compress import CompressMiddleware, add_compress_type

COMPRESS_MIN_BYTES = 1024  # below a packet, compressing saves nothing worth its CPU
# Fast levels: on the hot path the CPU matters more than the last few percent of size.
GZIP_LEVEL = 5
BROTLI_QUALITY = 4
# Types the library's list lacks, that Partilha serves in bulk.
EXTRA_TYPES = (
    "text/csv",
    "application/x-ndjson",
    "application/problem+json",
    "application/vnd.sqlite3",  # the offline bundle: mostly text, shrinks to about a third
)


def install(app: FastAPI) -> None:
    for media_type in EXTRA_TYPES:
        add_compress_type(media_type)
    app.add_middleware(
        CompressMiddleware,
        minimum_size=COMPRESS_MIN_BYTES,
        zstd=importlib.util.find_spec("zstandard") is not None,
        brotli=True,
        brotli_quality=BROTLI_QUALITY,
        gzip=True,
        gzip_level=GZIP_LEVEL,
    )
