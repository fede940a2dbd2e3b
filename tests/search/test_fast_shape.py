"""The search API reshapes Meilisearch's answer as plain data (no model built on the hot path):
the JSON must stay exactly what the documented SearchPage says, facet order and dates included."""

from app.practices.search_models import SearchPage
from tests.search.conftest import World


def test_the_api_answer_is_the_documented_shape_to_the_byte(world: World) -> None:
    world.publish(
        title="Casa de passagem para famílias <b>migrantes</b>",
        themes=["moradia", "saude"],
        audiences=["mulheres"],
        municipalities=[1400100],
    )
    world.publish(title="Oficina de português", themes=["educacao", "moradia"])
    world.sync()
    for params in (
        {"q": "passagem"},
        {"q": "portugues", "theme": ["moradia"], "sort": "newest"},
        {"uf": ["rr"]},
        {"near": 1400100, "radius_km": 50},
    ):
        answer = world.search(**params)
        assert answer["total"] >= 1, params
        typed = SearchPage.model_validate(answer).model_dump(mode="json")
        for mine, documented in zip(answer["hits"], typed["hits"], strict=True):
            assert set(mine) == set(documented), params  # a field added to the model only
            assert mine == documented, params
        assert answer == typed, params
        hit = answer["hits"][0]
        assert hit["published_at"].endswith("Z")
        counts = [(-f["count"], f["label"]) for f in answer["facets"]["theme"]]
        assert counts == sorted(counts)  # most frequent first, then by label
    passagem = world.search(q="passagem")["hits"][0]
    assert passagem["highlight"]["title"].startswith("Casa de <mark>passagem</mark>")
    assert "&lt;b&gt;" in passagem["highlight"]["title"]  # submitted markup stays escaped
    assert passagem["municipalities"] == [{"ibge_code": 1400100, "name": "Boa Vista", "uf": "RR"}]
    ufs = world.search(q="passagem")["facets"]["uf"]
    assert [(f["value"], f["label"]) for f in ufs] == [("RR", "Roraima")]
