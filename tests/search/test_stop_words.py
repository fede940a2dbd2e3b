"""Function words (de, para, com; el, the, le...) are neither highlighted nor ranked, and a
snippet of Markdown reads as plain text, its blocks kept apart."""

import httpx

from app.config import get_settings
from app.practices.index import PRACTICES
from app.search.documents import plain_text
from tests.search.conftest import World


class TestStopWords:
    def test_function_words_are_not_marked_and_not_counted(self, world: World):
        world.publish(
            title="Casa de passagem para famílias com crianças",
            description="## Objetivos\n\n- Acolher **famílias** recém-chegadas\n- Encaminhar "
            "para [o CRAS](https://example.org)\n\nAtendimento de segunda a sexta",
        )
        world.sync()
        answer = world.search(q="casa de passagem para famílias")
        (hit,) = answer["hits"]
        marked = hit["highlight"]["title"]
        assert "<mark>Casa</mark>" in marked and "<mark>passagem</mark>" in marked
        for word in ("de", "para", "com"):
            assert f"<mark>{word}</mark>" not in marked
        snippet = world.search(q="encaminhar")["hits"][0]["highlight"]["description"]
        assert "Objetivos · Acolher famílias recém-chegadas · <mark>Encaminhar</mark>" in snippet
        assert "**" not in snippet and "](" not in snippet and "##" not in snippet

        uid = PRACTICES.uid(get_settings())
        settings = httpx.get(
            f"{world.meili.url}/indexes/{uid}/settings/stop-words",
            headers={"Authorization": f"Bearer {world.meili.master_key}"},
            timeout=10,
        ).json()
        assert {"de", "para", "com", "el", "the", "les"} <= set(settings)
        assert not {"sem", "sin", "not", "saúde"} & set(settings)


def test_plain_text_keeps_blocks_apart():
    text = "## Objetivos\n\n- Acolher **famílias**\n- Encaminhar\n\nResultado: bom.\n\nFim"
    assert plain_text(text) == "Objetivos · Acolher famílias · Encaminhar · Resultado: bom. Fim"
