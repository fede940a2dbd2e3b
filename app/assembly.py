"""Where the app is assembled: each domain's declarations (curated kinds, search indexes, open
datasets, health and metrics probes) are registered with the engine and adapters that serve
them.

Lower layers never import the domains; they iterate what is registered here. create_app(), the
CLI and the test suite call assemble() before anything else; calling it again changes nothing."""

from app.accounts import places
from app.calls import answers as call_answers
from app.core import health, metrics
from app.curation import hooks as curation_hooks
from app.curation import registry as curation_registry
from app.curation import stats as curation_stats
from app.mail import compose as mail_compose
from app.mail import status as mail_status
from app.mail import worker as mail_worker
from app.municipalities import profile as municipality_profile
from app.municipalities import repository as municipalities_repo
from app.municipalities.export import CAPACITY_HISTORY
from app.municipalities.export import MUNICIPALITIES as MUNICIPALITY_DATASET
from app.municipalities.index import MUNICIPALITIES
from app.needs.extensions import OFFERS as NEED_OFFERS
from app.notifications import authors as author_notices
from app.notifications import jobs as notification_jobs
from app.notifications import pages as notification_pages
from app.opendata import datasets
from app.opendata import subscriptions as webhook_subscriptions
from app.organisations import extensions as organisation_pages
from app.organisations import service as organisations
from app.organisations.export import WHO_WHAT_WHERE
from app.organisations.index import ORGANISATIONS
from app.organisations.kind import ORGANISATION_PROFILE
from app.policies import service as policies
from app.policies.export import POLICIES as POLICY_DATASET
from app.policies.index import POLICIES
from app.policies.kind import POLICY
from app.practices import call_answers as practice_answers
from app.practices import extensions as practice_extensions
from app.practices import profile as practice_profile
from app.practices.export import PRACTICES as PRACTICE_DATASET
from app.practices.index import PRACTICES
from app.practices.kind import PRACTICE
from app.replications import index as replication_index
from app.replications import service as replications
from app.replications.export import REPLICATIONS as REPLICATION_DATASET
from app.replications.kind import REPLICATION
from app.search import status as search_status
from app.search.specs import follow, register_index
from app.web.mail import links as mail_links
from app.web.mail import render as mail_render
from app.webhooks import payloads as webhook_payloads
from app.webhooks import status as webhooks_status

_assembled = False


def _kinds() -> None:
    """The curated kinds, in the order the queue and the API list them."""
    for kind in (PRACTICE, POLICY, REPLICATION, ORGANISATION_PROFILE):
        curation_registry.register(kind)


def _indexes() -> None:
    """The search indexes the domains declare, in the order setup and reindex go through them."""
    for spec in (PRACTICES, MUNICIPALITIES, POLICIES, ORGANISATIONS):
        register_index(spec)
    # A replication's approval or withdrawal re-indexes the practice it replicates.
    follow(PRACTICES.key, REPLICATION.entity_type, replication_index.replicated_practice)


def _datasets() -> None:
    """The open datasets the domains declare (their export rows), in the order the catalogue,
    the change feed and the offline bundle (its checksum too) go through them."""
    datasets_in_order = (
        PRACTICE_DATASET,
        MUNICIPALITY_DATASET,
        CAPACITY_HISTORY,
        POLICY_DATASET,
        REPLICATION_DATASET,  # after the others: the bundle's checksum reads tables in order
        WHO_WHAT_WHERE,  # no bundle table
    )
    for spec in datasets_in_order:
        datasets.register(spec)


def _probes() -> None:
    """What /readyz checks and reports, and the gauges /metrics reads from the database."""
    health.register_check("meilisearch", search_status.search_ready)
    health.register_report("search", search_status.search_health)
    health.register_detail("outbox", search_status.outbox_backlog)
    metrics.register_gauges("outbox", search_status.OUTBOX_GAUGES, search_status.outbox_samples)
    metrics.register_gauges(
        "search_servers", search_status.SERVER_GAUGES, search_status.server_samples
    )
    metrics.register_gauges(
        "curation_queue", curation_stats.QUEUE_GAUGES, curation_stats.queue_samples
    )
    metrics.register_gauges(
        "webhook_deliveries", webhooks_status.DELIVERY_GAUGES, webhooks_status.delivery_samples
    )
    health.register_detail("mail", mail_status.mail_backlog)
    metrics.register_gauges("mail", mail_status.MAIL_GAUGES, mail_status.mail_samples)


def _handed_down() -> None:
    """What the domains lend to lower layers: the places accounts check, and the change-feed
    item every webhook delivery carries."""
    places.register(
        places.Places(
            all_ufs=municipalities_repo.all_ufs,
            existing_codes=municipalities_repo.existing_codes,
        )
    )
    webhook_payloads.register(webhook_subscriptions.delivery_bodies)
    mail_compose.RENDERER.register(mail_render.render)  # mail templates live with the pages'


def _extensions() -> None:
    """What replications add to a practice (its JSON, page and search document), and how
    practices answer thematic calls (a call's counts and published answers)."""
    practice_extensions.register_replications(replications.practice_summaries)
    call_answers.register(call_answers.Answers(practice_answers.counts, practice_answers.published))
    # What an organisation's page lists, in this order (offers plug in the same way).
    organisation_pages.register(organisation_pages.curated_section(PRACTICE, "praticas"))
    organisation_pages.register(organisation_pages.curated_section(REPLICATION, "replicacoes"))
    organisation_pages.register(NEED_OFFERS)


def _profile() -> None:
    """The sections of a municipality's profile that practices and policies own."""
    municipality_profile.register(
        municipality_profile.ProfileSections(
            practices_in=practice_profile.published_in,
            practice_counts=practice_profile.counts_by_municipality,
            policies_in_force=policies.policies_in_force,
            replicated_in=replications.replicated_in,
            organisations_in=organisations.organisations_in,
        )
    )


def _notifications() -> None:
    """Who hears what by mail: the authors after every curation transition (a hook of the
    engine), and the digests and reminders the mail worker runs; the pages mail links to."""
    curation_hooks.listen(author_notices.on_transition)
    notification_pages.PAGES.register(mail_links.PAGES)
    for job in notification_jobs.JOBS:
        mail_worker.register_job(job)


def assemble() -> None:
    global _assembled
    if _assembled:
        return
    _assembled = True
    _kinds()
    _indexes()
    _datasets()
    _probes()
    _profile()
    _extensions()
    _handed_down()
    _notifications()
