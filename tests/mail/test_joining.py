"""Asking to join, through the pages and the real SMTP server: the person confirms their
e-mail by the mailed link, the organisation's members (or the admins, for a new organisation)
hear of it and approve or refuse, and the person hears the decision; until then the account
cannot sign in."""

import re
from email.message import EmailMessage

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts import joining
from app.accounts.models import JoinRequest, JoinStatus, Organisation, Role, User
from app.errors import Forbidden
from tests.builders import make_org, make_user
from tests.mail.conftest import Inbox, deliver, text_of
from tests.web.helpers import csrf, csrf_from, sign_in

LINK = re.compile(r"http://partilha\.example\.org(/participar/confirmar\?t=[\w-]+)")
PASSWORD = "girassol-amarelo-de-pacaraima"
JOAO = "joao@acolhe.org"


def _can_sign_in(client: TestClient, email: str = JOAO) -> bool:
    form = {"username": email, "password": PASSWORD}
    return client.post("/api/v1/auth/token", data=form).status_code == 200


def _ask(client: TestClient, **fields: str) -> object:
    form = {"name": "João Silva", "email": JOAO, "password": PASSWORD, "message": "Somos da casa."}
    form |= fields
    form["csrf_token"] = csrf(client, "/participar")
    return client.post("/participar", data=form)


def _confirm(client: TestClient, message: EmailMessage) -> str:
    link = LINK.search(text_of(message))
    assert link is not None, text_of(message)
    page = client.get(link.group(1))
    token = link.group(1).split("t=")[1]
    form = {"token": token, "csrf_token": csrf_from(page)}
    answer = client.post("/participar/confirmar", data=form)
    assert answer.status_code == 200 and 'id="join-confirmed"' in answer.text, answer.text
    return token


@pytest.fixture
def caritas(session: Session) -> Organisation:
    return make_org(session)


class TestJoiningAnOrganisation:
    def test_confirmed_then_approved_by_a_member(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox, caritas
    ):
        ana = make_user(session, Role.contributor, caritas, email="ana@caritas.org")
        make_user(session, Role.admin, email="admin@partilha.org")
        page = client.get("/participar")
        assert page.status_code == 200 and "Cáritas Teste" in page.text
        sent = _ask(client, organisation=str(caritas.id))
        assert sent.status_code == 200 and 'id="join-sent"' in sent.text  # type: ignore[attr-defined]
        assert not _can_sign_in(client)  # e-mail not confirmed
        deliver(session)
        [confirm] = inbox.to(JOAO)
        assert confirm["Subject"] == "Confirme o seu e-mail para participar da Partilha"
        assert confirm["List-Unsubscribe"] is None
        token = _confirm(client, confirm)
        assert not _can_sign_in(client)  # nobody approved yet
        deliver(session)
        [asked] = inbox.to(ana.email)
        assert asked["Subject"] == "João Silva pede para entrar na Partilha"
        assert "Somos da casa." in text_of(asked) and asked["List-Unsubscribe"] is not None
        assert inbox.to("admin@partilha.org") == []  # the organisation has members

        member = TestClient(client.app)
        sign_in(member, ana)
        listed = member.get("/participar/pedidos")
        assert "joao@acolhe.org" in listed.text
        [row] = session.exec(select(JoinRequest)).all()
        session.commit()
        form = {"csrf_token": csrf_from(listed)}
        approved = member.post(f"/participar/pedidos/{row.id}/aprovar", data=form)
        assert "Aprovado" in approved.text and 'id="no-requests"' in approved.text
        deliver(session)
        assert [m["Subject"] for m in inbox.to(JOAO)][-1] == "Boas-vindas à Partilha"
        assert _can_sign_in(client)
        joao = session.exec(select(User).where(User.email == JOAO)).one()
        assert (joao.organisation_id, joao.role, joao.email_verified) == (
            caritas.id,
            Role.contributor,
            True,
        )
        session.commit()
        again = client.post(
            "/participar/confirmar", data={"token": token, "csrf_token": csrf(client, "/entrar")}
        )
        assert again.status_code == 422 and 'id="err-token"' in again.text

        # LGPD: the request is in the person's data export, and deleting the account erases
        # the words they wrote in it.
        form = {"username": JOAO, "password": PASSWORD}
        token = client.post("/api/v1/auth/token", data=form).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        [held] = client.get("/api/v1/me/export", headers=headers).json()["join_requests"]
        assert held["message"] == "Somos da casa." and "token_hash" not in held
        gone = client.request("DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=headers)
        assert gone.is_success, gone.text
        session.expire_all()
        assert session.exec(select(JoinRequest)).one().message == ""

    def test_the_form_names_each_problem_beside_its_field(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox, caritas
    ):
        make_user(session, Role.contributor, caritas, email="ana@caritas.org")
        cases = [
            ({"organisation": ""}, "organisation_id"),
            ({"organisation": "new", "new_organisation": "Casa Nova"}, "new_organisation_type"),
            ({"organisation": "new", "new_organisation": "Cáritas Teste"}, "new_organisation"),
            ({"organisation": str(caritas.id), "password": "12345678901"}, "password"),
            ({"organisation": str(caritas.id), "email": "ana@caritas.org"}, "email"),
            ({"organisation": str(caritas.id), "email": "sem-arroba"}, "email"),
            ({"organisation": str(caritas.id), "name": " "}, "name"),
        ]
        for fields, field in cases:
            answer = _ask(client, **fields)
            assert answer.status_code == 422, (fields, answer.text)  # type: ignore[attr-defined]
            assert f'id="err-{field}"' in answer.text, fields  # type: ignore[attr-defined]
        deliver(session)
        assert inbox.received == []  # nothing was asked
        assert session.exec(select(JoinRequest)).all() == []


class TestNewOrganisation:
    def test_admins_decide_and_a_refusal_is_mailed(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox, caritas
    ):
        admin = make_user(session, Role.admin, email="admin@partilha.org")
        ana = make_user(session, Role.contributor, caritas, email="ana@caritas.org")
        new = {"organisation": "new", "new_organisation": "Casa Nova"}
        assert _ask(client, **new, new_organisation_type="osc").status_code == 200  # type: ignore[attr-defined]
        deliver(session)
        _confirm(client, inbox.to(JOAO)[0])
        deliver(session)
        assert len(inbox.to(admin.email)) == 1 and inbox.to(ana.email) == []
        [row] = session.exec(select(JoinRequest)).all()
        assert joining.pending(session, ana) == []
        with pytest.raises(Forbidden):
            joining.decide(session, ana, row.id or 0, approve=True)
        session.rollback()

        decided = joining.decide(session, admin, row.id or 0, approve=False)
        assert decided.status == JoinStatus.refused
        deliver(session)
        refused = inbox.to(JOAO)[-1]
        assert refused["Subject"] == "O seu pedido para participar da Partilha"
        assert "Casa Nova" in text_of(refused)
        assert not _can_sign_in(client)
        assert (
            session.exec(select(Organisation).where(Organisation.name == "Casa Nova")).all() == []
        )

    def test_approving_registers_the_organisation(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox
    ):
        admin = make_user(session, Role.admin, email="admin@partilha.org")
        new = {"organisation": "new", "new_organisation": "Casa Nova"}
        _ask(client, **new, new_organisation_type="associacao-migrantes")
        deliver(session)
        _confirm(client, inbox.to(JOAO)[0])
        [row] = session.exec(select(JoinRequest)).all()
        joining.decide(session, admin, row.id or 0, approve=True)
        org = session.exec(select(Organisation).where(Organisation.name == "Casa Nova")).one()
        assert org.type == "associacao-migrantes"
        session.commit()
        assert _can_sign_in(client)
