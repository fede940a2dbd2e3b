"""Suggestions for a municipality: published practices that answer its open needs, ranked by
what a municipal team weighs — the same theme, replicated (the nearer the better), the level
of evidence and the distance — each with its reasons in words, in the reader's language
("mesmo tema: ensino de português; replicada em Manaus, 660 km")."""

import re
from dataclasses import dataclass

from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.core.languages import LANGUAGES, REFERENCE
from app.core.lookup import existing
from app.municipalities import repository as municipalities
from app.municipalities.geo import haversine_km
from app.municipalities.models import Municipality
from app.needs import repository as repo
from app.needs.models import Suggestion, SuggestionList
from app.needs.service import today
from app.practices.profile import ThemedPractice, published_on_themes
from app.replications.service import practice_summaries

CANDIDATES = 300  # practices weighed per request: themes narrow them to a few hundred at most
EVIDENCE_WEIGHT = {"avaliada": 3.0, "monitorada": 2.0, "promissora": 1.0}
THEME_WEIGHT, REPLICATED_WEIGHT, NEAR_WEIGHT, NEAR_KM = 3.0, 2.0, 3.0, 3000.0
PHRASES = {
    "pt-BR": {
        "theme": "mesmo tema: {}",
        "replicated": "replicada em {}, {} km",
        "practised": "praticada em {}, {} km",
        "evidence": "evidência: {}",
    },
    "es": {
        "theme": "mismo tema: {}",
        "replicated": "replicada en {}, {} km",
        "practised": "practicada en {}, {} km",
        "evidence": "evidencia: {}",
    },
    "en": {
        "theme": "same theme: {}",
        "replicated": "replicated in {}, {} km",
        "practised": "practised in {}, {} km",
        "evidence": "evidence: {}",
    },
    "fr": {
        "theme": "même thème : {}",
        "replicated": "reproduite à {}, {} km",
        "practised": "pratiquée à {}, {} km",
        "evidence": "preuves : {}",
    },
}
_ASIDE = re.compile(r"\s*\(.*\)\s*$")


@dataclass(frozen=True)
class Nearest:
    name: str
    km: int


def _label(taxonomy: str, slug: str, lang: str) -> str:
    """A taxonomy label as a phrase's word: without its aside in brackets, lower-case."""
    text = _ASIDE.sub("", get_catalog().taxonomies.label(taxonomy, slug, lang))  # type: ignore[arg-type]
    return text[:1].lower() + text[1:]


def _nearest(
    here: Municipality, codes: list[int], seats: dict[int, Municipality]
) -> Nearest | None:
    found = [
        Nearest(m.name, round(haversine_km(here.latitude, here.longitude, m.latitude, m.longitude)))
        for m in (seats.get(c) for c in codes)
        if m is not None
    ]
    return min(found, key=lambda n: n.km, default=None)


def _weigh(
    here: Municipality,
    practice: ThemedPractice,
    wanted: list[str],
    replicated_in: list[int],
    seats: dict[int, Municipality],
    lang: str,
) -> Suggestion:
    words = PHRASES[lang]
    matched = [t for t in wanted if t in practice.themes]
    replica = _nearest(here, replicated_in, seats)
    origin = _nearest(here, practice.municipalities, seats)
    closest = min((n.km for n in (replica, origin) if n), default=None)
    score = THEME_WEIGHT * len(matched) + EVIDENCE_WEIGHT.get(practice.evidence_level, 0.0)
    reasons = [words["theme"].format(", ".join(_label("themes", t, lang) for t in matched))]
    if replica:
        score += REPLICATED_WEIGHT
        reasons.append(words["replicated"].format(replica.name, replica.km))
    elif origin:
        reasons.append(words["practised"].format(origin.name, origin.km))
    if closest is not None:
        score += NEAR_WEIGHT * max(0.0, 1 - closest / NEAR_KM)
    if practice.evidence_level:
        label = _label("evidence_levels", practice.evidence_level, lang)
        reasons.append(words["evidence"].format(label))
    return Suggestion(
        practice_id=practice.id,
        title=practice.title,
        page=f"/praticas/{practice.id}",
        score=round(score, 2),
        distance_km=closest,
        themes=matched,
        reasons=reasons,
        reason="; ".join(reasons),
    )


def suggestions_for(
    session: Session, ibge_code: int, lang: str = REFERENCE, limit: int = 10
) -> SuggestionList:
    """The practices that answer a municipality's open needs, best first, with their reasons."""
    lang = lang if lang in LANGUAGES else REFERENCE
    here = existing(municipalities.get_municipality(session, ibge_code), "municipality", ibge_code)
    needs = repo.open_needs_in(session, ibge_code, today())
    wanted = list(dict.fromkeys(t for need in needs for t in need.themes))
    candidates = published_on_themes(session, wanted, CANDIDATES)
    replicated = practice_summaries(session, [p.id for p in candidates])
    places = {
        p.id: [r.ibge_code for r in replicated[p.id].places]
        for p in candidates
        if p.id in replicated
    }
    codes = {c for p in candidates for c in [*p.municipalities, *places.get(p.id, [])]}
    seats = {m.ibge_code: m for m in municipalities.get_many(session, codes)}
    ranked = sorted(
        (_weigh(here, p, wanted, places.get(p.id, []), seats, lang) for p in candidates),
        key=lambda s: (
            -s.score,
            s.distance_km if s.distance_km is not None else 1e9,
            s.practice_id,
        ),
    )
    return SuggestionList(
        ibge_code=ibge_code, needs=[n.id or 0 for n in needs], items=ranked[:limit]
    )
