"""Many published practices at once, for the streaming test and bench/export.py.

Going through the API would take minutes for 20,000 practices, so rows are inserted in bulk
with the shape curation leaves behind (an approved first revision, published)."""

import random
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.curation.models import LifecycleStatus, RevisionStatus
from app.db import utcnow
from app.practices.models import Practice, PracticeRevision

PLACES = [(1400100, "RR"), (1400456, "RR"), (1302603, "AM"), (3550308, "SP"), (4106902, "PR")]
THEMES = [
    "acolhimento-abrigamento",
    "ensino-portugues",
    "saude",
    "trabalho-renda",
    "documentacao-regularizacao",
    "educacao",
    "assistencia-social",
]
PARAGRAPH = (
    "A casa de passagem recebe famílias venezuelanas recém-chegadas pela Operação Acolhida, "
    "oferece aulas de português como língua de acolhimento, orientação sobre documentação "
    "(CPF, carteira de trabalho, protocolo de refúgio) e encaminhamento aos serviços do SUAS. "
)


def _content(i: int, rng: random.Random, paragraphs: tuple[int, int]) -> dict[str, Any]:
    code, _uf = PLACES[i % len(PLACES)]
    return {
        "title": f"Prática de acolhimento número {i} em rede com a sociedade civil",
        "summary": "Acolhimento, documentação e aulas de português para famílias migrantes.",
        "description": "## Como funciona\n\n" + PARAGRAPH * rng.randint(*paragraphs),
        "themes": rng.sample(THEMES, 2),
        "audiences": ["refugiados", "migrantes"],
        "scope": "municipal",
        "municipalities": [code],
        "ufs": [],
        "partners": ["DPU", "ACNUR"],
        "start_date": "2019-03-01",
        "end_date": None,
        "ongoing": True,
        "results": "Famílias acolhidas e encaminhadas ao mercado de trabalho.",
        "evidence_level": "monitorada",
        "resources": "Equipe de 4 pessoas.",
        "how_to_replicate": "Mapear a rede local e firmar parcerias com o município.",
        "languages": ["pt", "es"],
        "links": ["https://example.org/pratica"],
        "contact": {"name": "Equipe", "email": "equipe@example.org", "phone": None},
        "contact_public": False,
        "details": {"people_reached": i},
    }


def seed_published(
    engine: Engine,
    n: int,
    organisation_id: int,
    user_id: int,
    paragraphs: tuple[int, int] = (3, 6),
    batch: int = 2000,
    seed: int = 7,
) -> None:
    """n published practices of ~1.5-3 kB of text each (fewer paragraphs: smaller)."""
    rng = random.Random(seed)
    now = utcnow()
    with Session(engine) as session:
        for start in range(0, n, batch):
            size = min(batch, n - start)
            practices = [
                {
                    "organisation_id": organisation_id,
                    "template": "geral",
                    "status": LifecycleStatus.published,
                    "created_by_id": user_id,
                    "version": 3,
                    "created_at": now,
                    "updated_at": now,
                    "published_at": now,
                }
                for _ in range(size)
            ]
            ids = list(
                session.scalars(
                    insert(Practice).returning(col(Practice.id), sort_by_parameter_order=True),
                    practices,
                )
            )
            revisions = []
            for offset, pid in enumerate(ids):
                content = _content(start + offset, rng, paragraphs)
                code, uf = PLACES[(start + offset) % len(PLACES)]
                revisions.append(
                    {
                        "practice_id": pid,
                        "number": 1,
                        "status": RevisionStatus.approved,
                        "content": content,
                        "themes_key": "|" + "|".join(content["themes"]) + "|",
                        "ufs_key": f"|{uf}|",
                        "municipalities_key": f"|{code}|",
                        "created_by_id": user_id,
                        "created_at": now,
                        "updated_at": now,
                        "submitted_at": now,
                    }
                )
            rev_ids = session.scalars(
                insert(PracticeRevision).returning(
                    col(PracticeRevision.id), sort_by_parameter_order=True
                ),
                revisions,
            ).all()
            session.execute(
                update(Practice),
                [
                    {"id": pid, "latest_revision_id": rid, "published_revision_id": rid}
                    for pid, rid in zip(ids, rev_ids, strict=True)
                ],
            )
            session.commit()
