"""create_app(): routers, error handlers, limits and the lifespan."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import web
from app.accounts.credential_routes import router as credentials_router
from app.accounts.reset_routes import router as password_reset_router
from app.accounts.routes import router as accounts_router
from app.assembly import assemble
from app.calls.routes import feeds as call_feeds_router
from app.calls.routes import router as calls_router
from app.catalog.loader import get_catalog
from app.catalog.routes import router as catalog_router
from app.config import get_settings
from app.core import compression, heap, logs, openapi, problems
from app.core.access import RequestMiddleware
from app.core.exposure import LoopbackOnlyMiddleware, needs_loopback
from app.core.health import router as health_router
from app.core.lean import serve_first
from app.core.limits import BodyLimitMiddleware, NulGuardMiddleware
from app.core.metrics import process_exits
from app.core.metrics import router as metrics_router
from app.curation.routes import build_router as curation_routes
from app.db import get_engine
from app.mail.worker import MailWorker
from app.municipalities.routes import IMPORT_MAX_BYTES, IMPORT_PATH
from app.municipalities.routes import router as municipalities_router
from app.municipalities.search_routes import router as municipality_search_router
from app.needs.routes import router as needs_router
from app.opendata.routes import build_router as opendata_routes
from app.opendata.webhook_routes import router as webhooks_router
from app.organisations.routes import router as organisations_router
from app.policies.routes import router as policies_router
from app.practices.audit import RouteContextMiddleware
from app.practices.batch import BATCH_MAX_BYTES, BATCH_PATH
from app.practices.routes import router as practices_router
from app.practices.search_routes import router as practice_search_router
from app.practices.search_routes import serve_search_practices
from app.privacy.routes import router as privacy_router
from app.ratelimits.service import Limiter
from app.replications.routes import of_practice as practice_replications_router
from app.replications.routes import router as replications_router
from app.search.worker import OutboxWorker
from app.webhooks.worker import WebhookDispatcher


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    get_catalog()  # invalid data folders stop the start-up with the file and the problem
    settings = get_settings()
    # The worker applies the index settings on its first pass: Meilisearch being down never
    # stops the start-up (submissions and curation only write the outbox).
    worker = OutboxWorker(get_engine(), settings) if settings.outbox_worker else None
    if worker is not None:
        worker.start()
    dispatcher = WebhookDispatcher(get_engine(), settings) if settings.webhook_dispatcher else None
    if dispatcher is not None:
        dispatcher.start()
    # Mail waits in the database while the SMTP server is away; the worker sends it later.
    mailer = MailWorker(get_engine(), settings) if settings.runs_mail_worker else None
    if mailer is not None:
        mailer.start()
    heap.settle()  # last: what start-up loaded stays out of the cycle collector's passes
    yield
    heap.release()
    if mailer is not None:
        await asyncio.to_thread(mailer.stop)
    if dispatcher is not None:
        await asyncio.to_thread(dispatcher.stop)
    if worker is not None:
        await asyncio.to_thread(worker.stop)
    process_exits()


def route_body_limit(path: str) -> int | None:
    if path in (IMPORT_PATH, web.IMPORT_PAGE):
        return IMPORT_MAX_BYTES  # a spreadsheet of all 5,571 municipalities with notes
    if path == BATCH_PATH:
        return BATCH_MAX_BYTES  # up to 1,000 practices of ~20 kB each
    return None


def create_app() -> FastAPI:
    assemble()
    settings = get_settings()
    logs.configure(settings.effective_log_format, settings.log_level)
    app = FastAPI(
        title="Partilha API",
        version="1.0",
        description="Boas práticas da rede de acolhimento de migrantes e refugiados no Brasil.",
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc are pages of app.web, served without a CDN
        redoc_url=None,
    )
    problems.install(app)
    app.state.rate_limiter = Limiter(settings)  # abuse limits (app.ratelimits)
    app.add_middleware(RouteContextMiddleware)  # the route named by private-data audit rows
    app.add_middleware(NulGuardMiddleware)  # inside the body limit: it reads bounded bodies
    app.add_middleware(
        BodyLimitMiddleware, default=settings.max_body_bytes, per_path=route_body_limit
    )
    for router in (
        # The hot path first: routes are matched in order, and matching a path against the
        # hundreds of routes before it cost more CPU than the search's own work (py-spy).
        practice_search_router,
        municipality_search_router,
        health_router,
        metrics_router,
        accounts_router,
        credentials_router,
        password_reset_router,
        organisations_router,
        catalog_router,
        practices_router,
        curation_routes(),
        municipalities_router,
        policies_router,
        replications_router,
        calls_router,
        needs_router,
        call_feeds_router,
        practice_replications_router,
        opendata_routes(),
        webhooks_router,
        privacy_router,
    ):
        app.include_router(router)
    serve_first(app, "/api/v1/search/practices", serve_search_practices)  # documented above
    web.install(app)  # the server-rendered pages, their session and the HTML error page
    openapi.install(app)  # problem+json answers documented on every operation
    if needs_loopback(settings):  # the development secret or demo accounts: loopback only
        app.add_middleware(LoopbackOnlyMiddleware)
    compression.install(app)  # inside the access line: it logs the status the client got
    # Added last, so it is the outermost: the request id and the access line cover every answer,
    # the body limit's 413 and the pages' errors included.
    app.add_middleware(
        RequestMiddleware, secret_key=settings.secret_key, machine_paths=problems.MACHINE_PATHS
    )
    return app
