"""Server-rendered web interface (Jinja2, progressive enhancement) over the same services as
the API. `install(app)` mounts the pages, the static files, the session and the error page."""

from pathlib import Path

from fastapi import FastAPI

from app.core.caching import PublicStaticFiles

STATIC_DIR = Path(__file__).parent / "static"
IMPORT_PAGE = "/gestao/capacidade/importar"  # the CSV upload page: a larger body limit


def install(app: FastAPI) -> None:
    from app.web import contribute, docs, public
    from app.web.account import admin, joining, my_account, password_reset, sign_in
    from app.web.calls import manage as manage_calls
    from app.web.calls import pages as calls
    from app.web.curate import queue, review, verification
    from app.web.errors import error_page
    from app.web.govern import capacity, capacity_import
    from app.web.headers import PageHeadersMiddleware
    from app.web.i18n import catalogs
    from app.web.mail import pages as mail_pages
    from app.web.needs import manage as manage_needs
    from app.web.needs import pages as needs
    from app.web.problems import problem_words
    from app.web.sessions import CookieMiddleware
    from app.web.sharing import routes as sharing

    catalogs()  # compile the .po catalogs now: a broken catalog stops the start-up
    app.state.html_error_page = error_page
    app.state.problem_words = problem_words  # API problems in the client's language
    app.add_middleware(PageHeadersMiddleware)
    app.add_middleware(CookieMiddleware)  # the session id and notice cookies (app.web.sessions)
    app.mount("/static", PublicStaticFiles(directory=STATIC_DIR), name="static")
    pages = (
        sign_in,
        my_account,
        password_reset,
        joining,
        admin,
        public,
        calls,
        needs,
        manage_needs,
        sharing,
        contribute,
        queue,
        review,
        verification,
        manage_calls,
        capacity,
        capacity_import,
        docs,
        mail_pages,
    )
    for module in pages:
        app.include_router(module.router)
