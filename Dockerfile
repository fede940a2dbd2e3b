# Partilha app image. Meilisearch and PostgreSQL run as their own services (see compose.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin partilha
# DejaVu Sans draws the share images' accented letters (app/web/sharing/glyphs.py).
RUN apt-get update \
    && apt-get install --no-install-recommends -y fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The locked, hash-checked dependencies first (the runtime part of what the test suite runs on),
# so that only a change to the lock rebuilds this layer; then the project itself, without
# resolving again: it gives scripts/start.sh its `partilha` command (uvicorn comes from the lock).
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml ./
COPY app ./app
RUN pip install --no-deps .
COPY . .
RUN mkdir -p /app/.data && chown partilha:partilha /app/.data

# app/config.py finds curation/, templates_praticas/ and the migrations relative to the `app`
# package; with PYTHONPATH the package is imported from /app (the project tree) rather than from
# site-packages, where those folders are not installed.
ENV PYTHONPATH=/app \
    PARTILHA_ENV=prod \
    PARTILHA_HOST=0.0.0.0 \
    PARTILHA_PORT=8000 \
    PARTILHA_WORKERS=2

USER partilha
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PARTILHA_PORT', '8000'), timeout=4)"]
CMD ["bash", "scripts/start.sh"]
