"""What a document is given at indexing for the synonym groups Meilisearch cannot expand (a
phrase holding a stop word): whole words only, accents and case folded, never a term the
document already says."""

from app.search.documents import sort_key
from app.search.synonym_terms import FIELD, add_synonym_terms

SHELTER = ["casa de passagem", "abrigo", "acolhimento", "albergue", "abrigamento"]


def given(**doc: object) -> list[str]:
    add_synonym_terms(doc)
    terms = doc.get(FIELD, [])
    assert isinstance(terms, list)
    return terms


def test_a_phrase_said_gives_the_group_but_what_is_said():
    terms = given(title="Uma Casa de Passagem.", description="Acolhimento de famílias")
    assert "casa de passagem" not in terms and "acolhimento" not in terms
    assert {"abrigo", "albergue", "abrigamento"} <= set(terms)


def test_another_term_said_gives_the_phrases():
    assert "casa de passagem" in given(partners=["Rede", "o abrigo municipal"])
    assert "casa de passagem" in given(summary="ABRIGO")


def test_only_whole_words_count():
    assert given(title="casas de passagem e abrigos") == []
    assert given(title="xcasa de passagem", description="acolhimentos") == []
    assert given(title="casa de passagem_x abrigo") == ["casa de passagem"]  # said: abrigo
    assert given(title="casa de passagemx, casa de passagem") == SHELTER[1:]  # the second


def test_accents_and_case_are_folded():
    assert "solicitantes de refúgio" in given(title="Apoio a Refugiados")
    assert "refúgio" not in given(title="Solicitantes de REFUGIO")


def test_sort_key_folds_every_mark():
    assert sort_key("Saúde Ação") == "saude acao"
    assert sort_key("naïve Straße x\u0301 Ωμέγα") == "naive strasse x ωμεγα"
    assert sort_key("\u034f") == "\u034f"  # a mark with no combining class stays
