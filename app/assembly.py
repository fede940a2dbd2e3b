"""Where the app is assembled: each domain's declarations (curated kinds, search indexes,
health and metrics probes) are registered with the engine and adapters that serve them.

Lower layers never import the domains; they iterate what is registered here. create_app(), the
CLI and the test suite call assemble() before anything else; calling it again changes nothing."""

from app.accounts import places
from app.municipalities import profile as municipality_profile
from app.municipalities import repository as municipalities_repo
from app.opendata import subscriptions as webhook_subscriptions
from app.policies import service as policies
from app.practices import profile as practice_profile
from app.webhooks import payloads as webhook_payloads

_assembled = False


def _profile() -> None:
    """The sections of a municipality's profile that practices and policies own."""
    municipality_profile.register(
        municipality_profile.ProfileSections(
            practices_in=practice_profile.published_in,
            practice_counts=practice_profile.counts_by_municipality,
            policies_in_force=policies.policies_in_force,
        )
    )


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


def assemble() -> None:
    global _assembled
    if _assembled:
        return
    _assembled = True
    _profile()
    _handed_down()
