"""What is sent, through the real SMTP server: the authors of every curated kind on each
decision, the curators' daily queue digest, the capacity freshness ladder (the test drives the
clock) and saved-search digests, each once per period."""

import json
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import Role, User
from app.db import get_engine, utcnow
from app.mail import service as mail_service
from app.mail.worker import run_jobs
from app.notifications import digests, freshness, queue_digest, schedule, subscriptions
from app.notifications.authors import RECEIPTS_PER_HOUR
from app.notifications.models import Frequency
from app.practices.models import Practice
from tests.builders import (
    auth,
    create_practice,
    make_org,
    make_user,
    practice_payload,
    publish,
    publish_policy,
    report_payload,
    required_checklist,
)
from tests.mail.conftest import Inbox, deliver, text_of

BASE = "http://partilha.example.org"


def _speaks(session: Session, user: User, language: str) -> User:
    user.language = language
    session.add(user)
    session.commit()
    return user


def _decide(
    client: TestClient, session: Session, curator: User, pid: int, outcome: str, reason: str = ""
) -> None:
    headers = auth(curator)
    revision_id = session.exec(select(Practice.latest_revision_id).where(Practice.id == pid)).one()
    session.commit()  # SQLite: release the write lock before the requests
    claimed = client.post(f"/api/v1/curation/practices/{pid}/claim", headers=headers)
    assert claimed.status_code == 200, claimed.text
    body = {
        "revision_id": revision_id,
        "outcome": outcome,
        "reason": reason or None,
        "checklist": required_checklist() if outcome == "approve" else {},
    }
    decided = client.post(f"/api/v1/curation/practices/{pid}/decisions", json=body, headers=headers)
    assert decided.status_code == 201, decided.text
    session.commit()


class TestAuthors:
    def test_each_step_of_a_practice_reaches_its_author(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox, ana: User
    ):
        curator = make_user(session, Role.curator, email="cura@partilha.org")
        pid = create_practice(client, ana, title="Roda de conversa")["id"]
        assert client.post(f"/api/v1/practices/{pid}/submit", headers=auth(ana)).status_code == 200
        deliver(session)
        (received,) = inbox.to("ana@caritas.org")
        assert received["Subject"] == "Recebida: “Roda de conversa”"
        assert f"{BASE}/minhas-praticas" in text_of(received)

        _decide(client, session, curator, pid, "request_changes", "Faltam os resultados obtidos.")
        deliver(session)
        changes = inbox.to("ana@caritas.org")[-1]
        assert changes["Subject"] == "Ajustes pedidos: “Roda de conversa”"
        assert "Faltam os resultados obtidos." in text_of(changes)
        assert f"{BASE}/praticas/{pid}/editar" in text_of(changes)

        edited = client.patch(
            f"/api/v1/practices/{pid}", json={"results": "Oitenta famílias."}, headers=auth(ana)
        )
        assert edited.status_code == 200, edited.text
        assert client.post(f"/api/v1/practices/{pid}/submit", headers=auth(ana)).status_code == 200
        _decide(client, session, curator, pid, "approve")
        deliver(session)
        published = inbox.to("ana@caritas.org")[-1]
        assert published["Subject"] == "Publicada: “Roda de conversa”"
        assert f"{BASE}/praticas/{pid}" in text_of(published)

        withdrawn = client.post(
            f"/api/v1/practices/{pid}/withdraw",
            json={"reason": "Projeto encerrado."},
            headers=auth(ana),
        )
        assert withdrawn.status_code == 200, withdrawn.text
        deliver(session)
        assert inbox.to("ana@caritas.org")[-1]["Subject"] == "Retirada: “Roda de conversa”"
        subjects = [m["Subject"].split(":")[0] for m in inbox.to("ana@caritas.org")]
        assert subjects == ["Recebida", "Ajustes pedidos", "Recebida", "Publicada", "Retirada"]
        assert inbox.to("cura@partilha.org") == []  # the curator's own decisions send them nothing

    def test_other_kinds_and_languages(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox
    ):
        org = make_org(session)
        bob = _speaks(
            session, make_user(session, Role.contributor, org, email="bob@caritas.org"), "en"
        )
        curator = make_user(session, Role.curator, email="cura@partilha.org")
        policy = publish_policy(client, bob, curator, title="Lei de Migração")
        pid = create_practice(client, bob, title="Aulas de português")["id"]
        assert client.post(f"/api/v1/practices/{pid}/submit", headers=auth(bob)).status_code == 200
        _decide(client, session, curator, pid, "reject", "Out of the platform's scope.")
        deliver(session)
        subjects = [m["Subject"] for m in inbox.to("bob@caritas.org")]
        assert subjects == [
            "Received: “Lei de Migração”",
            "Published: “Lei de Migração”",
            "Received: “Aulas de português”",
            "Not published: “Aulas de português”",
        ]
        assert f"{BASE}/politicas/{policy['id']}" in text_of(inbox.to("bob@caritas.org")[1])
        assert "(policy)" in text_of(inbox.to("bob@caritas.org")[1])
        assert "Out of the platform's scope." in text_of(inbox.to("bob@caritas.org")[3])


def _next_send(frequency: Frequency = Frequency.daily) -> datetime:
    """The end of the period that is running now: when its digest leaves."""
    if frequency == Frequency.daily:
        return schedule.daily(utcnow()).end + timedelta(days=1)
    return schedule.weekly(utcnow()).end + timedelta(days=7)


class TestQueueDigest:
    def test_curators_hear_of_new_and_late_items_once_a_day(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox, ana: User
    ):
        make_user(session, Role.curator, email="cura@partilha.org")
        for title in ("Horta comunitária", "Feira de empregos"):
            pid = create_practice(client, ana, title=title)["id"]
            assert (
                client.post(f"/api/v1/practices/{pid}/submit", headers=auth(ana)).status_code == 200
            )
        send_at = _next_send()
        assert queue_digest.send(session, send_at) == 1
        assert queue_digest.send(session, send_at + timedelta(hours=3)) == 0  # same day: once
        deliver(session)
        (digest,) = inbox.to("cura@partilha.org")
        assert digest["Subject"] == "Fila de curadoria: 2 itens aguardando"
        text = text_of(digest)
        assert "Novos desde o último resumo:" in text and "Horta comunitária" in text
        assert f"{BASE}/curadoria/praticas/" in text
        assert "acima da meta" not in text

        four_days = send_at + timedelta(days=4)
        assert queue_digest.send(session, four_days) == 1
        deliver(session)
        late = text_of(inbox.to("cura@partilha.org")[-1])
        assert "Aguardando há mais que a meta de 72 horas:" in late and "Feira de empregos" in late
        assert "Novos desde o último resumo:" not in late


class TestFreshnessLadder:
    def test_editors_are_reminded_twice_then_the_admins_told(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox
    ):
        city = make_org(session, "Prefeitura de Boa Vista", type="governo-municipal")
        editor = make_user(
            session, Role.gov_editor, city, scope="1400100", email="sec@bv.rr.gov.br"
        )
        make_user(session, Role.gov_editor, city, scope="RR", email="estado@rr.gov.br")
        make_user(session, Role.gov_editor, city, scope="SP", email="sp@sp.gov.br")
        make_user(session, Role.admin, email="admin@partilha.org")
        as_of = utcnow().date() - timedelta(days=10)
        reported = client.post(
            "/api/v1/municipalities/1400100/capacity-reports",
            json=report_payload(as_of=as_of.isoformat()),
            headers=auth(editor),
        )
        assert reported.status_code == 201, reported.text
        session.commit()

        def on_day(age: int) -> int:
            when = datetime.combine(as_of + timedelta(days=age), datetime.min.time()).replace(
                tzinfo=utcnow().tzinfo
            ) + timedelta(hours=12)
            written = freshness.send(session, when)
            deliver(session)
            return written

        assert on_day(60) == 0  # fresh and far from the limit
        assert on_day(80) == 2  # 10 days before the 90-day limit: both editors of Boa Vista
        assert on_day(81) == 0  # once per rung
        soon = inbox.to("sec@bv.rr.gov.br")
        assert [m["Subject"] for m in soon] == ["Dados de capacidade a atualizar em breve"]
        text = text_of(soon[0])
        assert "Boa Vista (RR)" in text and f"{BASE}/gestao/capacidade/1400100" in text
        assert on_day(95) == 2  # past the limit
        assert inbox.to("estado@rr.gov.br")[-1]["Subject"] == "Dados de capacidade desatualizados"
        assert on_day(110) == 1  # past the grace period too: the admins
        note = inbox.to("admin@partilha.org")
        assert [m["Subject"] for m in note] == [
            "Dados de capacidade vencidos: municípios a acompanhar"
        ]
        assert on_day(130) == 0
        assert inbox.to("sp@sp.gov.br") == []
        assert len(inbox.to("sec@bv.rr.gov.br")) == 2


class TestSubscriptions:
    def test_a_saved_search_brings_what_matches_once_per_period(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox, ana: User
    ):
        curator = make_user(session, Role.curator, email="cura@partilha.org")
        readers = make_org(session, "Missão Paz", uf="SP")
        rui = make_user(session, Role.contributor, readers, email="rui@exemplo.org")
        weekly = _speaks(
            session, make_user(session, Role.contributor, readers, email="lia@exemplo.org"), "fr"
        )
        subscriptions.subscribe(
            session,
            rui,
            subscriptions.SubscriptionCreate(frequency=Frequency.daily, themes=["saude-mental"]),
        )
        subscriptions.subscribe(session, weekly, subscriptions.SubscriptionCreate(uf="RR"))
        match = publish(client, ana, curator, title="Escuta psicossocial", themes=["saude-mental"])
        other = publish(client, ana, curator, title="Curso de espanhol", themes=["educacao"])
        publish_policy(
            client,
            ana,
            curator,
            title="Lei estadual de acolhimento",
            level="state",
            uf="RR",
            themes=["saude-mental"],
        )
        session.commit()

        day = _next_send(Frequency.daily)
        results = run_jobs(get_engine(), day)
        assert results["subscriptions"] >= 1
        assert digests.send(session, day) == 0  # the same period: nothing again
        deliver(session)
        (daily,) = inbox.to("rui@exemplo.org")
        text = text_of(daily)
        assert daily["Subject"] == "Novidades de hoje na Partilha"
        assert "Escuta psicossocial" in text and f"{BASE}/praticas/{match['id']}" in text
        assert "Lei estadual de acolhimento" in text  # policies match the same themes
        assert (
            "Curso de espanhol" not in text
            and str(other["id"]) not in text.split("praticas/")[-1][:4]
        )
        assert daily["List-Unsubscribe"]

        # On a Sunday both sends fall on Monday 07:00 and the daily run already wrote the
        # weekly digest: what counts is that the weekly reader gets exactly one.
        week = _next_send(Frequency.weekly)
        digests.send(session, week)
        assert digests.send(session, week) == 0  # the same week: nothing again
        deliver(session)
        (weekly_digest,) = inbox.to("lia@exemplo.org")
        assert weekly_digest["Subject"] == "Les nouveautés de la semaine sur Partilha"
        assert "Escuta psicossocial" in text_of(weekly_digest) and "Curso de espanhol" in text_of(
            weekly_digest
        )

    def test_nothing_new_nothing_sent(self, mail_env: None, session: Session, inbox: Inbox):
        rui = make_user(session, Role.curator, email="rui@exemplo.org")
        subscriptions.subscribe(
            session, rui, subscriptions.SubscriptionCreate(frequency=Frequency.daily)
        )
        assert digests.send(session, _next_send()) == 0


class TestBatchReceipts:
    def test_a_batch_sends_a_bounded_number_of_receipts(
        self, mail_env: None, client: TestClient, session: Session, ana: User
    ):
        lines = [
            json.dumps({**practice_payload(title=f"Prática {n}"), "external_id": f"x-{n}"})
            for n in range(RECEIPTS_PER_HOUR + 5)
        ]
        sent = client.post(
            "/api/v1/practices/batch",
            content="\n".join(lines),
            headers={**auth(ana), "Content-Type": "application/x-ndjson"},
        )
        assert sent.status_code == 200, sent.text
        assert sent.json()["created"] == RECEIPTS_PER_HOUR + 5
        receipts = mail_service.written_since(
            session, ana.email, "curation_submitted", utcnow() - timedelta(hours=1)
        )
        assert receipts == RECEIPTS_PER_HOUR
