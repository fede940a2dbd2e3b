"""Words a newcomer reads right: plurals ("0 práticas", never "0 prática"), a waiting time
under a minute in words (never "0 segundo"), and separators between the parts of the scope and
contact lines of the review page."""

from fastapi.testclient import TestClient

from tests.builders import auth, create_practice
from tests.web.conftest import People
from tests.web.helpers import sign_in


def test_plurals_waiting_time_and_separators(
    client: TestClient, people: People, search_ready: None
):
    assert "0 práticas encontradas" in client.get("/busca?q=zzzzzz").text
    sign_in(client, people.curator)
    assert "0 itens aguardando" in client.get("/curadoria").text
    practice = create_practice(client, people.contributor)
    client.post(f"/api/v1/practices/{practice['id']}/submit", headers=auth(people.contributor))
    queue = client.get("/curadoria").text
    assert "1 item aguardando" in queue and "menos de um minuto" in queue
    review = client.get(f"/curadoria/praticas/{practice['id']}").text
    assert "Em um ou mais municípios · Boa Vista/RR (1400100)" in review
    assert "Maria Contato · maria@example.org · +55 95 0000-0000 (privado)" in review
