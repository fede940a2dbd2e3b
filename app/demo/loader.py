"""Demo data for `make run`: real strategies of the network, submitted and curated through the
same service functions as the API. Only in PARTILHA_ENV=dev; idempotent."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from app.accounts import repository as accounts_repo
from app.accounts import service as accounts
from app.accounts.models import OrganisationCreate, Role, User, UserCreate
from app.accounts.security import generate_password
from app.calls import service as calls
from app.calls.models import CallCreate, CallStatus
from app.catalog.loader import get_catalog
from app.curation import creation, decisions
from app.curation import repository as curation_repo
from app.curation.kinds import CuratedKind
from app.curation.models import DecisionCreate
from app.organisations import service as organisations
from app.organisations.kind import ORGANISATION_PROFILE
from app.organisations.models import OrganisationProfileContent
from app.policies import service as policies
from app.policies.kind import POLICY
from app.policies.models import PolicyCreate
from app.practices import service as practices
from app.practices.kind import PRACTICE
from app.practices.models import PracticeCreate
from app.replications import service as replications
from app.replications.kind import REPLICATION
from app.replications.models import ReplicationCreate

DEMO_DIR = Path(__file__).parent
# The steps that take a new practice to each demo outcome.
STEPS: dict[str, list[str]] = {
    "draft": [],
    "submitted": ["submit"],
    "in_review": ["submit", "claim"],
    "changes_requested": ["submit", "claim", "request_changes"],
    "published": ["submit", "claim", "approve"],
    "rejected": ["submit", "claim", "reject"],
}


def demo_accounts() -> list[dict[str, str]]:
    """The demo logins (also printed by `make run`)."""
    return [
        {"email": "admin@demo.partilha.org.br", "password": "farol-do-norte-2026", "role": "admin"},
        {
            "email": "curadoria@demo.partilha.org.br",
            "password": "lupa-atenta-2026",
            "role": "curator",
        },
        {
            "email": "curadoria2@demo.partilha.org.br",
            "password": "lupa-atenta-2026",
            "role": "curator",
        },
        {
            "email": "caritas@demo.partilha.org.br",
            "password": "ponte-aberta-2026",
            "role": "contributor",
            "org": "Cáritas Pernambuco",
        },
        {
            "email": "ufrr@demo.partilha.org.br",
            "password": "saber-de-fronteira-2026",
            "role": "contributor",
            "org": "Universidade Federal de Roraima",
        },
        {
            "email": "boavista@demo.partilha.org.br",
            "password": "rio-branco-ao-sol-2026",
            "role": "gov_editor",
            "scope": "1400100",
        },
        {
            "email": "roraima@demo.partilha.org.br",
            "password": "lavrado-verde-2026",
            "role": "gov_editor",
            "scope": "RR",
        },
    ]


def _user(session: Session, spec: dict[str, str]) -> User:
    existing = accounts_repo.get_user_by_email(session, spec["email"])
    if existing:
        return existing
    return accounts.create_user(
        session,
        UserCreate(
            email=spec["email"],
            name=spec["email"].split("@")[0].capitalize(),
            password=spec["password"],
            role=Role(spec["role"]),
            organisation=spec.get("org"),
            scope=spec.get("scope"),
        ),
    )


def _org_member(session: Session, org_name: str) -> User:
    """Practices are created by a member of their organisation (one per organisation)."""
    org = accounts_repo.get_organisation_by_name(session, org_name)
    assert org is not None
    email = f"membro.{org.id}@demo.partilha.org.br"
    return _user(
        session,
        {
            "email": email,
            "password": generate_password(),  # nobody signs in as them
            "role": "contributor",
            "org": org.name,
        },
    )


def _practice(session: Session, spec: dict[str, Any], owner: User, curator: User) -> None:
    content = {
        k: v
        for k, v in spec.items()
        if k not in {"organisation", "outcome", "contact_name", "contact_email"}
    }
    content["contact"] = {"name": spec["contact_name"], "email": spec["contact_email"]}
    practice, _ = practices.create_practice(
        session,
        owner,
        PracticeCreate.model_validate(content),
        idempotency_key=f"demo:{spec['title']}",
    )
    checklist = {c.id: "yes" for c in get_catalog().criteria_for("practice") if c.required}
    for step in STEPS[spec["outcome"]]:
        if step == "submit":
            practices.submit_practice(session, owner, practice.id or 0)
        elif step == "claim":
            decisions.claim(session, curator, PRACTICE, practice.id or 0, None)
        else:
            reason = (
                None
                if step == "approve"
                else "Inclua resultados observados e como replicar a prática."
            )
            decision = DecisionCreate.model_validate(
                {
                    "revision_id": practice.latest_revision_id or 0,
                    "outcome": step,
                    "reason": reason,
                    "checklist": checklist if step == "approve" else {},
                }
            )
            decisions.decide(session, curator, PRACTICE, practice.id or 0, decision)
        session.refresh(practice)


def _replication(
    session: Session, spec: dict[str, Any], curator: User, authors: dict[str, str]
) -> bool:
    """A published replication of a demo practice, once (its idempotency key marks it)."""
    owner = _org_member(session, spec["organisation"])
    key = f"demo:replication:{spec['practice']}"
    if creation.replay(session, owner, REPLICATION, key, None) is not None:
        return False
    practice = creation.replay(
        session,
        _org_member(session, authors[spec["practice"]]),
        PRACTICE,
        f"demo:{spec['practice']}",
        None,
    )
    if practice is None or practice.published_at is None:
        return False
    start = calls.today() - timedelta(days=spec["start_date_days_ago"])
    data = ReplicationCreate.model_validate(
        {
            **{
                k: v
                for k, v in spec.items()
                if k not in {"practice", "organisation", "start_date_days_ago"}
            },
            "practice_id": practice.id,
            "start_date": start.isoformat(),
        }
    )
    replication, _ = replications.create_replication(session, owner, data, key)
    replications.submit_replication(session, owner, replication.id or 0)
    _approve(session, curator, REPLICATION, replication.id or 0, replication.latest_revision_id)
    return True


def _approve(
    session: Session, curator: User, kind: CuratedKind, item_id: int, revision_id: int | None
) -> None:
    """Claim and approve a submitted demo item, every required criterion met."""
    decisions.claim(session, curator, kind, item_id, None)
    checklist = {c.id: "yes" for c in get_catalog().criteria_for(kind.name) if c.required}
    decision = DecisionCreate.model_validate(
        {"revision_id": revision_id or 0, "outcome": "approve", "checklist": checklist}
    )
    decisions.decide(session, curator, kind, item_id, decision)


def _profile(session: Session, spec: dict[str, Any], curator: User) -> bool:
    """A demo organisation's approved public profile, unless it has one."""
    owner = _org_member(session, spec["organisation"])
    org_id = owner.organisation_id or 0
    if curation_repo.get_subject(session, ORGANISATION_PROFILE, org_id) is not None:
        return False
    content = {k: v for k, v in spec.items() if k != "organisation"}
    organisations.propose_profile(
        session, owner, org_id, OrganisationProfileContent.model_validate(content)
    )
    profile = curation_repo.get_subject(session, ORGANISATION_PROFILE, org_id)
    _approve(session, curator, ORGANISATION_PROFILE, org_id, profile.latest_revision_id)
    return True


def _policy(session: Session, spec: dict[str, Any], curator: User) -> bool:
    """A published demo policy, proposed by a member of its organisation, once."""
    owner = _org_member(session, spec["organisation"])
    key = f"demo:policy:{spec['number']}"
    if creation.replay(session, owner, POLICY, key, None) is not None:
        return False
    data = PolicyCreate.model_validate({k: v for k, v in spec.items() if k != "organisation"})
    policy, _ = policies.propose_policy(session, owner, data, key)
    policies.submit_policy(session, owner, policy.id or 0)
    session.refresh(policy)
    _approve(session, curator, POLICY, policy.id or 0, policy.latest_revision_id)
    return True


def _call(session: Session, spec: dict[str, Any], curator: User) -> bool:
    """An open demo call, unless one with its title is already open."""
    opened = calls.list_calls(session, CallStatus.open, 100, 0)
    if any(call.title == spec["title"] for call in opened.items):
        return False
    today = calls.today()
    data = CallCreate.model_validate(
        {
            **{k: v for k, v in spec.items() if k not in {"opens_days_ago", "closes_in_days"}},
            "opens_on": (today - timedelta(days=spec["opens_days_ago"])).isoformat(),
            "closes_on": (today + timedelta(days=spec["closes_in_days"])).isoformat(),
        }
    )
    calls.create_call(session, curator, data)
    return True


def load_demo(session: Session) -> str:
    """Create the demo organisations, accounts and practices that do not exist yet."""
    data = yaml.safe_load((DEMO_DIR / "practices.yaml").read_text(encoding="utf-8"))
    for org in data["organisations"]:
        if accounts_repo.get_organisation_by_name(session, org["name"]) is None:
            accounts.create_organisation(session, OrganisationCreate(**org))
    users = {spec["email"]: _user(session, spec) for spec in demo_accounts()}
    curator = users["curadoria@demo.partilha.org.br"]
    created = 0
    for spec in data["practices"]:
        owner = _org_member(session, spec["organisation"])
        # The idempotency key marks what an earlier run already loaded.
        if _already_loaded(session, owner, spec["title"]):
            continue
        _practice(session, spec, owner, curator)
        created += 1
    authors = {p["title"]: p["organisation"] for p in data["practices"]}
    replicated = sum(
        _replication(session, s, curator, authors) for s in data.get("replications", [])
    )
    opened = sum(_call(session, s, curator) for s in data.get("calls", []))
    profiles = sum(_profile(session, s, curator) for s in data.get("profiles", []))
    registered = sum(_policy(session, s, curator) for s in data.get("policies", []))
    orgs = len(data["organisations"])
    return (
        f"demo: {orgs} organizações, {len(users)} contas, {created} práticas novas, "
        f"{replicated} replicações novas, {opened} chamadas novas, {profiles} perfis novos, "
        f"{registered} políticas novas"
    )


def _already_loaded(session: Session, owner: User, title: str) -> bool:
    return creation.replay(session, owner, PRACTICE, f"demo:{title}", None) is not None
