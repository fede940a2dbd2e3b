"""Synthetic published practices in realistic Portuguese for bench/search.py, written the way
curation writes them: practice + approved revision + an outbox row, in the same transaction."""

import random
import time
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.accounts.models import Organisation
from app.catalog.loader import get_catalog
from app.curation.models import LifecycleStatus, RevisionStatus
from app.db import utcnow
from app.municipalities.models import Municipality
from app.outbox.models import EntityType, OutboxEvent
from app.practices.models import Practice, PracticeRevision

ACTIONS = [
    "Rede de acolhimento",
    "Casa de passagem",
    "Oficina de português",
    "Mutirão de documentação",
    "Programa de interiorização",
    "Feira de empregabilidade",
    "Escuta psicossocial",
    "Curso de capacitação",
    "Cozinha comunitária",
    "Apoio jurídico",
    "Roda de conversa",
    "Centro de referência",
    "Plantão de orientação",
    "Bolsa de aluguel social",
    "Grupo de mulheres",
    "Brinquedoteca",
    "Formação de agentes públicos",
    "Comitê municipal",
]
SUBJECTS = [
    "refugiados venezuelanos",
    "famílias migrantes",
    "solicitantes de refúgio",
    "indígenas Warao",
    "mulheres migrantes",
    "crianças e adolescentes",
    "trabalhadores haitianos",
    "apátridas",
    "estudantes estrangeiros",
    "servidores da assistência social",
    "profissionais do SUS",
]
SENTENCES = [
    "A iniciativa nasceu da articulação entre a prefeitura, o CRAS e a sociedade civil.",
    "As famílias recebem orientação sobre CPF, carteira de trabalho e a CRNM na Polícia Federal.",
    "As aulas de português como língua de acolhimento acontecem à noite, com cuidado infantil.",
    "Uma equipe de intérpretes voluntários acompanha os atendimentos na unidade básica de saúde.",
    "O projeto mapeou vagas de emprego com empresas locais e ofereceu cursos de qualificação.",
    "Os casos de violência baseada em gênero são encaminhados ao CREAS e à Defensoria Pública.",
    "O abrigo temporário funciona em parceria com a Operação Acolhida e a pastoral do migrante.",
    "Materiais informativos foram traduzidos para espanhol, inglês, francês e crioulo haitiano.",
    "Agentes comunitários visitam as ocupações espontâneas e registram as demandas das famílias.",
    "A experiência foi sistematizada em um guia para que outros municípios possam replicá-la.",
    "Reuniões mensais do comitê avaliam os resultados e ajustam as prioridades do plano municipal.",
    "A escola adaptou a matrícula para estudantes sem histórico escolar traduzido.",
    "O acompanhamento psicossocial é feito em grupo e individualmente, com apoio de universidades.",
    "A interiorização é preparada com oficinas sobre o custo de vida e o mercado de trabalho.",
    "Campanhas contra a xenofobia foram realizadas nas escolas e nos meios de comunicação locais.",
    "O atendimento jurídico orienta sobre refúgio, residência e reunião familiar.",
]
NAMES = ["Cáritas", "Associação", "Instituto", "Coletivo", "Pastoral", "Fundação", "Secretaria"]
PLACES = ["do Norte", "Esperança", "Nova Acolhida", "Horizonte", "Sul", "Fronteira", "Solidária"]
# Where practices concentrate (RR, AM, SP, PR, SC, RS, DF), the rest anywhere.
HOTSPOTS = [1400100, 1400506, 1302603, 3550308, 4106902, 4205407, 4314902, 5300108, 1501402]


def _organisations(session: Session, rng: random.Random, count: int) -> list[int]:
    types = sorted(get_catalog().taxonomies.slugs("organisation_types"))
    rows = [
        {
            "name": f"{rng.choice(NAMES)} {rng.choice(PLACES)} {n}",
            "type": rng.choice(types),
            "uf": None,
            "created_at": utcnow(),
        }
        for n in range(count)
    ]
    session.execute(insert(Organisation), rows)
    return list(session.exec(select(Organisation.id)))  # type: ignore[arg-type]


def content(rng: random.Random, codes: list[int], n: int) -> dict[str, Any]:
    tax = get_catalog().taxonomies
    start = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3500))
    ongoing = rng.random() < 0.6
    place = rng.choice(HOTSPOTS) if rng.random() < 0.5 else rng.choice(codes)
    subject = rng.choice(SUBJECTS)
    return {
        "title": f"{rng.choice(ACTIONS)} para {subject} nº {n}",
        "summary": f"Iniciativa voltada a {subject}. " + rng.choice(SENTENCES),
        "description": "\n\n".join(rng.sample(SENTENCES, 9)),
        "themes": rng.sample(sorted(tax.slugs("themes")), rng.randint(1, 3)),
        "audiences": rng.sample(sorted(tax.slugs("audiences")), rng.randint(1, 3)),
        "scope": "municipal",
        "municipalities": [place],
        "ufs": [],
        "partners": rng.sample(["DPU", "ACNUR", "OIM", "UNICEF", "Cáritas", "SENAI"], 2),
        "start_date": start.isoformat(),
        "end_date": None if ongoing else (start + timedelta(days=rng.randint(90, 900))).isoformat(),
        "ongoing": ongoing,
        "results": rng.choice(SENTENCES),
        "evidence_level": rng.choice(sorted(tax.slugs("evidence_levels"))),
        "resources": "Equipe de quatro pessoas e parcerias locais.",
        "how_to_replicate": rng.choice(SENTENCES),
        "languages": rng.sample(["pt", "es", "en", "fr", "ht"], rng.randint(1, 3)),
        "links": [],
        "contact": {"name": "Contato Privado", "email": "privado@example.org", "phone": None},
        "contact_public": False,
        "details": {},
    }


def seed(engine: Engine, n: int, user_id: int, seed_value: int = 7, chunk: int = 2000) -> None:
    """Insert n published practices with their outbox rows (chunked transactions)."""
    rng = random.Random(seed_value)
    with Session(engine) as session:
        uf_of = {m.ibge_code: m.uf for m in session.exec(select(Municipality))}
        codes = sorted(uf_of)
        orgs = _organisations(session, rng, 300)
        session.commit()
    templates = sorted(get_catalog().templates)
    for start in range(0, n, chunk):
        with Session(engine) as session:
            practices, revisions, events = [], [], []
            for i in range(start + 1, min(start + chunk, n) + 1):
                body = content(rng, codes, i)
                now = utcnow() - timedelta(minutes=n - i)
                practices.append(
                    {
                        "id": i,
                        "organisation_id": rng.choice(orgs),
                        "template": rng.choice(templates),
                        "status": LifecycleStatus.published.value,
                        "created_by_id": user_id,
                        "latest_revision_id": i,
                        "published_revision_id": i,
                        "published_at": now,
                        "archived_at": None,
                        "version": 4,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                revisions.append(
                    {
                        "id": i,
                        "practice_id": i,
                        "number": 1,
                        "status": RevisionStatus.approved.value,
                        "content": body,
                        "themes_key": "|" + "|".join(body["themes"]) + "|",
                        "ufs_key": f"|{uf_of[body['municipalities'][0]]}|",
                        "municipalities_key": f"|{body['municipalities'][0]}|",
                        "created_by_id": user_id,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                events.append(
                    {
                        "entity_type": EntityType.practice.value,
                        "entity_id": i,
                        "kind": "practice.published",
                        "created_at": now,
                        "attempts": 0,
                        "next_attempt_at": now,
                    }
                )
            session.execute(insert(Practice), practices)
            session.execute(insert(PracticeRevision), revisions)
            session.execute(insert(OutboxEvent), events)
            session.commit()
    if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
        with Session(engine) as session:
            for table in ("practice", "practice_revision"):
                session.execute(
                    text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
                )
            session.commit()


class Actors:
    """A contributor and a curator acting through the API (tokens signed like the app's)."""

    def __init__(self, engine: Engine):
        from app.accounts import service as accounts
        from app.accounts.models import OrganisationCreate, Role, UserCreate
        from app.accounts.security import create_token
        from app.assembly import assemble
        from app.config import get_settings

        assemble()  # the services check places and kinds the domains register, as in the app
        secret = get_settings().secret_key
        with Session(engine, expire_on_commit=False) as session:
            org = accounts.create_organisation(
                session, OrganisationCreate(name="Bench Acolhida", type="osc", uf="RR")
            )
            users = {}
            for role in (Role.contributor, Role.curator):
                users[role] = accounts.create_user(
                    session,
                    UserCreate(
                        email=f"{role.value}@bench.example.org",
                        name=role.value,
                        password="senha-do-benchmark",
                        role=role,
                        organisation=org.name if role == Role.contributor else None,
                    ),
                )
        self.user_id = users[Role.contributor].id or 0
        self.owner = {
            "Authorization": f"Bearer {create_token(users[Role.contributor].id, secret, 60)}"
        }
        self.curator = {
            "Authorization": f"Bearer {create_token(users[Role.curator].id, secret, 60)}"
        }
        self.rng = random.Random(11)

    def in_review(self, api: Any, token: str) -> tuple[int, int]:
        body = content(self.rng, HOTSPOTS, 0)
        body.update(
            title=f"Prática de medição {token}",
            template="geral",
            details={"implementation_stage": "consolidada"},
        )
        created = api.post("/api/v1/practices", json=body, headers=self.owner)
        created.raise_for_status()
        pid, rid = created.json()["id"], created.json()["revision"]["id"]
        api.post(f"/api/v1/practices/{pid}/submit", headers=self.owner).raise_for_status()
        api.post(f"/api/v1/curation/practices/{pid}/claim", headers=self.curator).raise_for_status()
        return pid, rid

    def approve(self, api: Any, pid: int, rid: int, segment: str = "practices") -> float:
        """Approve; returns the moment the response (so the commit) came back."""
        kind = {"practices": "practice", "replications": "replication"}[segment]
        checklist = {c.id: "yes" for c in get_catalog().criteria_for(kind) if c.required}
        decision = {"revision_id": rid, "outcome": "approve", "checklist": checklist}
        api.post(
            f"/api/v1/curation/{segment}/{pid}/decisions", json=decision, headers=self.curator
        ).raise_for_status()
        return time.perf_counter()

    def replication_in_review(self, api: Any, practice_id: int) -> tuple[int, int]:
        """A replication of a published practice, sent and taken into review."""
        body = {
            "practice_id": practice_id,
            "ibge_code": 3550308,
            "start_date": "2025-01-15",
            "status": "running",
            "adaptations": "Turmas à noite e material em espanhol para as famílias.",
            "contact": {"name": "Bench", "email": "bench@example.org"},
        }
        created = api.post("/api/v1/replications", json=body, headers=self.owner)
        created.raise_for_status()
        rid, rev = created.json()["id"], created.json()["revision"]["id"]
        api.post(f"/api/v1/replications/{rid}/submit", headers=self.owner).raise_for_status()
        claim = f"/api/v1/curation/replications/{rid}/claim"
        api.post(claim, headers=self.curator).raise_for_status()
        return rid, rev
