"""Needs: gov editors post them inside their scope, the board shows them by status (expired
computed from the date), organisations offer help; contacts reach only the need's owner."""

from sqlmodel import Session, col, func, select

from app.db import get_engine
from app.mail.models import MailMessage
from app.needs.models import Need, NeedOffer
from tests.builders import auth
from tests.needs.conftest import People, day, need_payload
from tests.places import BOA_VISTA, MANAUS


def _count(model: type) -> int:
    with Session(get_engine()) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _age(need_id: int, until: str) -> None:
    """Move a need's date into the past, as time would (the API refuses past dates)."""
    from datetime import date

    with Session(get_engine()) as session:
        need = session.get(Need, need_id)
        assert need is not None
        need.until = date.fromisoformat(until)
        session.add(need)
        session.commit()


class TestPosting:
    def test_scope_decides_who_posts(self, people: People) -> None:
        path = f"/api/v1/municipalities/{BOA_VISTA}/needs"
        for outsider in (people.manaus_editor, people.helper):
            refused = people.client.post(path, json=need_payload(), headers=auth(outsider))
            assert refused.status_code == 403, refused.text
        need = people.post_need()
        assert need["municipality"] == "Boa Vista" and need["uf"] == "RR"
        assert need["status"] == "open" and need["offers_count"] == 0
        for insider in (people.state_editor, people.admin):
            ok = people.client.post(path, json=need_payload(), headers=auth(insider))
            assert ok.status_code == 201, ok.text
        manaus = people.client.post(
            f"/api/v1/municipalities/{MANAUS}/needs",
            json=need_payload(),
            headers=auth(people.state_editor),
        )
        assert manaus.status_code == 403
        assert _count(Need) == 3

    def test_bad_input_names_the_field(self, people: People) -> None:
        path = f"/api/v1/municipalities/{BOA_VISTA}/needs"
        past = people.client.post(
            path, json=need_payload(until=day(-1)), headers=auth(people.city_editor)
        )
        assert past.status_code == 422
        assert past.headers["content-type"].startswith("application/problem+json")
        assert [e["loc"][-1] for e in past.json()["errors"]] == ["until"]
        bad = people.client.post(
            path,
            json=need_payload(themes=["nao-existe"], people_concerned=-1),
            headers=auth(people.city_editor),
        )
        assert bad.status_code == 422
        assert {e["loc"][-1] for e in bad.json()["errors"]} >= {"people_concerned"}
        assert _count(Need) == 0


class TestBoard:
    def test_status_theme_and_uf(self, people: People) -> None:
        current = people.post_need()
        old = people.post_need(title="Abrigo para famílias", themes=["moradia"])
        _age(old["id"], day(-2))
        met = people.post_need(title="Vagas em creches")
        closed = people.client.patch(
            f"/api/v1/needs/{met['id']}",
            json={"status": "met"},
            headers=auth(people.city_colleague),  # same organisation and scope: an owner
        )
        assert closed.status_code == 200 and closed.json()["status"] == "met"

        def ids(**params: str) -> list[int]:
            body = people.client.get("/api/v1/needs", params=params).json()
            return [n["id"] for n in body["items"]]

        assert ids(status="open") == [current["id"]]
        assert ids(status="expired") == [old["id"]]
        assert ids(status="met") == [met["id"]]
        assert ids(theme="moradia") == [old["id"]]
        assert ids(uf="AM") == []
        assert people.client.get(f"/api/v1/needs/{old['id']}").json()["status"] == "expired"
        edit = people.client.patch(
            f"/api/v1/needs/{current['id']}",
            json={"title": "Mudado por outra cidade"},
            headers=auth(people.manaus_editor),
        )
        assert edit.status_code == 403


class TestOffers:
    def test_owner_sees_contacts_public_sees_count(self, people: People) -> None:
        need = people.post_need()
        refused = people.client.post(
            f"/api/v1/needs/{need['id']}/offers",
            json={"message": "Posso ajudar sozinho.", "gives": "Tempo", "contact": "eu@x.org"},
            headers=auth(people.loner),
        )
        assert refused.status_code == 403
        made = people.offer(need["id"])
        assert made.status_code == 201, made.text
        assert made.json()["organisation"] == "Cáritas Roraima"

        public = people.client.get(f"/api/v1/needs/{need['id']}")
        assert public.json()["offers_count"] == 1 and public.json()["offers"] is None
        assert "coordenacao@caritas-rr.org" not in public.text
        board = people.client.get("/api/v1/needs")
        assert "coordenacao@caritas-rr.org" not in board.text
        assert board.json()["items"][0]["offers_count"] == 1
        outsider = people.client.get(
            f"/api/v1/needs/{need['id']}", headers=auth(people.manaus_editor)
        )
        assert outsider.json()["offers"] is None
        owner = people.client.get(f"/api/v1/needs/{need['id']}", headers=auth(people.city_editor))
        [offer] = owner.json()["offers"]
        assert offer["contact"] == "coordenacao@caritas-rr.org"
        assert offer["gives"] == "Duas turmas por semana, material incluído"

        # The organisation's page lists the need it offered on, never the contact.
        org = people.client.get(f"/api/v1/organisations/{people.helper_org.id}")
        assert [i["page"] for i in org.json()["listed"]["offers"]] == [
            f"/necessidades/{need['id']}"
        ]
        assert "coordenacao@caritas-rr.org" not in org.text
        page = people.client.get(f"/organizacoes/{people.helper_org.id}")
        assert "Ofertas de ajuda a necessidades" in page.text and need["title"] in page.text

        with Session(get_engine()) as session:
            [mail] = session.exec(
                select(MailMessage).where(col(MailMessage.template) == "need_offer")
            ).all()
        assert mail.to_address == people.city_editor.email
        assert (
            "Cáritas Roraima" in mail.text_body and f"/necessidades/{need['id']}" in mail.text_body
        )

    def test_met_or_expired_need_takes_no_offer(self, people: People) -> None:
        met = people.post_need()
        people.client.patch(
            f"/api/v1/needs/{met['id']}", json={"status": "met"}, headers=auth(people.city_editor)
        )
        expired = people.post_need(title="Intérpretes no posto de saúde")
        _age(expired["id"], day(-1))
        for need, status in ((met, "met"), (expired, "expired")):
            refused = people.offer(need["id"])
            assert refused.status_code == 409, refused.text
            assert refused.json()["need_status"] == status
        assert _count(NeedOffer) == 0
