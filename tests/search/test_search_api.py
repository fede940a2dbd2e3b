"""GET /api/v1/search/practices: what people find, how they filter, what they see."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import Session

from app.outbox.models import EntityType
from app.outbox.service import enqueue
from app.practices.models import Practice
from app.practices.search import execute
from app.practices.search_models import PracticeQuery
from tests.search.conftest import World

# A practice with none of the words of the synonym tests (themes and audiences included).
NEUTRAL = {
    "themes": ["saude"],
    "audiences": ["mulheres"],
    "summary": "Atendimento em saúde da mulher com intérpretes.",
    "description": "Consultas com intérpretes comunitárias.",
}


class TestTextSearch:
    def test_a_typo_still_finds_the_practice(self, world: World) -> None:
        practice = world.publish(title="Apoio jurídico a refugiados", **NEUTRAL)
        world.sync()
        assert world.ids(q="refujiados") == [practice["id"]]

    def test_accents_are_optional(self, world: World) -> None:
        practice = world.publish(title="Capacitação de servidores municipais", **NEUTRAL)
        world.sync()
        assert world.ids(q="capacitacao") == [practice["id"]]

    def test_synonyms_from_the_data_file(self, world: World) -> None:
        shelter = world.publish(
            title="Centro de convivência do bairro",
            **{**NEUTRAL, "description": "Uma casa de passagem para famílias recém-chegadas."},
        )
        world.publish(title="Consultório de saúde da mulher", **NEUTRAL)
        world.sync()
        assert world.ids(q="abrigo") == [shelter["id"]]

    def test_newest_first_sorts_by_publication(self, world: World, session: Session) -> None:
        first = world.publish(title="Oficina de currículos para migrantes")
        second = world.publish(title="Oficina de empreendedorismo para migrantes")
        older = session.get(Practice, first["id"])
        assert older is not None and older.published_at is not None
        older.published_at -= timedelta(days=3)  # published_at has a one-second resolution
        session.add(older)
        enqueue(session, EntityType.practice, first["id"], "practice.published")
        session.commit()
        world.sync()
        assert world.ids(q="oficina", sort="newest") == [second["id"], first["id"]]
        assert world.ids(q="oficina", sort="title") == [first["id"], second["id"]]


class TestFacets:
    def test_counts_equal_what_the_database_says(self, world: World) -> None:
        contents = [
            {"themes": ["saude", "educacao"], "languages": ["pt"], "municipalities": [1400100]},
            {"themes": ["saude"], "languages": ["pt", "es"], "municipalities": [1302603]},
            {"themes": ["moradia"], "languages": ["es"], "municipalities": [1400100, 1302603]},
        ]
        published = [
            world.publish(title=f"Prática {n} de teste", **c) for n, c in enumerate(contents)
        ]
        world.sync()
        facets = world.search()["facets"]
        expected_themes = Counter(t for p in published for t in p["revision"]["content"]["themes"])
        assert {f["value"]: f["count"] for f in facets["theme"]} == dict(expected_themes)
        assert {f["value"]: f["count"] for f in facets["uf"]} == {"RR": 2, "AM": 2}
        assert {f["value"]: f["count"] for f in facets["language"]} == {"pt": 2, "es": 2}
        assert {f["value"]: f["count"] for f in facets["organisation_type"]} == {"osc": 3}
        assert next(f for f in facets["uf"] if f["value"] == "AM")["label"] == "Amazonas"
        assert set(facets) == {
            "theme",
            "uf",
            "audience",
            "organisation_type",
            "evidence_level",
            "language",
            "replicated_uf",
        }


class TestFilters:
    @pytest.fixture
    def two(self, world: World) -> tuple[int, int]:
        boa_vista = world.publish(
            title="Acolhida em Boa Vista",
            themes=["moradia"],
            start_date="2018-01-01",
            end_date="2019-12-31",
            ongoing=False,
        )
        manaus = world.publish(
            title="Acolhida em Manaus",
            themes=["saude"],
            municipalities=[1302603],
            start_date="2021-05-01",
            ongoing=True,
            template="geral",
        )
        world.sync()
        return boa_vista["id"], manaus["id"]

    def test_facet_filters(self, world: World, two: tuple[int, int]) -> None:
        bv, mn = two
        assert world.ids(theme="moradia") == [bv]
        assert sorted(world.ids(theme=["moradia", "saude"])) == sorted([bv, mn])  # OR
        assert world.ids(uf="am") == [mn]
        assert world.ids(municipality=1400100) == [bv]
        assert world.ids(theme="moradia", uf="AM") == []  # AND across parameters

    def test_period(self, world: World, two: tuple[int, int]) -> None:
        bv, mn = two
        assert world.ids(year_from=2020) == [mn]  # ongoing
        assert world.ids(year_to=2019) == [bv]
        assert sorted(world.ids(year_from=2019, year_to=2022)) == sorted([bv, mn])

    def test_near_a_municipality(self, world: World, two: tuple[int, int]) -> None:
        bv, mn = two
        assert world.ids(near=1400100, radius_km=50) == [bv]
        assert sorted(world.ids(near=1400100, radius_km=1000)) == sorted([bv, mn])

    def test_paging(self, world: World, two: tuple[int, int]) -> None:
        page = world.search(q="acolhida", per_page=1, page=2)
        assert page["total"] == 2 and page["total_pages"] == 2 and len(page["hits"]) == 1
        world.search(expected=422, per_page=101)


class TestUnknownValues:
    @pytest.mark.parametrize(
        ("param", "value"),
        [
            ("theme", "nao-existe"),
            ("uf", "XX"),
            ("municipality", 9999999),
            ("near", 1234567),
            ("audience", "marcianos"),
            ("language", "tlh"),
            ("template", "nenhum"),
            ("evidence_level", "certa"),
            ("organisation_type", "clube"),
        ],
    )
    def test_answer_422_naming_the_parameter(self, world: World, param: str, value: object) -> None:
        body = world.search(expected=422, **{param: value})
        assert body["errors"][0]["loc"] == ["query", param]

    def test_a_misspelt_parameter_is_not_silently_ignored(self, world: World) -> None:
        body = world.search(expected=422, themes="saude")
        assert body["errors"][0]["loc"] == ["query", "themes"]

    def test_values_are_short(self, world: World) -> None:
        assert world.search(expected=422, theme="x" * 61)["errors"][0]["loc"][:2] == [
            "query",
            "theme",
        ]


INJECTIONS = [
    'x" OR id EXISTS OR theme = "y',
    'saude" OR themes EXISTS OR themes = "x',
    "x' OR 1=1 --",
    'a\\" OR ufs = "RR',
    "a\\b",
    'Saúde "mental"',
]


class TestFilterInjection:
    @pytest.mark.parametrize("value", INJECTIONS)
    def test_the_api_refuses_unknown_values(self, world: World, value: str) -> None:
        world.publish()
        world.sync()
        assert world.search(expected=422, theme=value)["errors"][0]["loc"] == ["query", "theme"]

    def test_escaped_values_match_nothing_even_past_validation(self, world: World) -> None:
        world.publish()
        world.sync()
        assert execute(PracticeQuery()).total == 1
        for value in INJECTIONS:
            for field in ("theme", "uf", "language", "template"):
                page = execute(PracticeQuery(**{field: [value]}))
                assert page.total == 0, (field, value)


class TestHighlight:
    def test_markup_in_practices_cannot_inject_html(self, world: World) -> None:
        world.publish(
            title="<script>alert(1)</script> Acolhida solidária",
            summary='Acolhida <img src=x onerror="alert(1)"> e \ue000 marcadores falsos \ue001.',
            description="Texto <b>acolhida</b> <iframe src=//mal.example></iframe> final.",
        )
        world.sync()
        [hit] = world.search(q="acolhida")["hits"]
        snippets = hit["highlight"]
        assert "<mark>" in snippets["title"] and "&lt;script&gt;" in snippets["title"]
        for text in snippets.values():
            assert set(re.findall(r"<[^>]*>", text)) <= {"<mark>", "</mark>"}, text
            assert text.count("<mark>") == text.count("</mark>")
        assert "onerror" in snippets["summary"] and "&lt;img" in snippets["summary"]
