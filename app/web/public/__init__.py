"""What anyone may read without signing in: the home page, each searchable kind's results
and item pages (one kit, drawn from the kinds declared here), the municipality pages and a
published replication's page."""

from fastapi import APIRouter, Depends

from app.ratelimits.deps import SEARCH_LIMIT
from app.web.i18n import use_language
from app.web.public import (
    atlas,
    criteria,
    download,
    item,
    opendata,
    organisations,
    pages,
    results,
    state,
)
from app.web.public.form import near_param
from app.web.public.kit import PublicKind
from app.web.public.policy import POLICY_PAGES
from app.web.public.practice import PRACTICE_PAGES
from app.web.public.replication import PAGES as REPLICATION_PAGES
from app.web.public.replication import replication_page
from app.web.security import check_csrf, load_user

PUBLIC_KINDS: tuple[PublicKind, ...] = (PRACTICE_PAGES, POLICY_PAGES)
NEAR = Depends(near_param)

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
router.add_api_route("/", pages.home, methods=["GET"])
for kind in PUBLIC_KINDS:
    checks = [SEARCH_LIMIT, NEAR] if kind.near else [SEARCH_LIMIT]
    router.add_api_route(
        kind.search_path, results.results_page(kind), methods=["GET"], dependencies=checks
    )
    router.add_api_route(
        f"{kind.search_path}/baixar.{{fmt}}",
        download.download_route(kind),
        methods=["GET"],
        dependencies=checks,
    )
    router.add_api_route(
        f"/{kind.pages.path}/{{item_id:int}}", item.item_page(kind), methods=["GET"]
    )
router.add_api_route("/municipios/{ibge_code:int}", pages.municipality_page, methods=["GET"])
router.add_api_route("/dados-abertos", opendata.open_data_page, methods=["GET"])
router.add_api_route(atlas.PATH, atlas.map_page, methods=["GET"])
router.add_api_route(f"{state.PATH}/{{uf}}", state.state_page, methods=["GET"])
router.add_api_route(criteria.PATH, criteria.criteria_page, methods=["GET"])
router.add_api_route(
    f"/{REPLICATION_PAGES.path}/{{item_id:int}}", replication_page, methods=["GET"]
)
router.add_api_route(
    organisations.PATH, organisations.directory_page, methods=["GET"], dependencies=[SEARCH_LIMIT]
)
router.add_api_route(
    f"{organisations.PATH}/{{organisation_id:int}}",
    organisations.organisation_page,
    methods=["GET"],
)
