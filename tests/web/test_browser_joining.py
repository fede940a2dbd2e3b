"""Asking to join in a real browser (Chromium), mail through the real SMTP server: from the
home page's way in to the form, the confirmation link, a member's approval and the first
sign-in (SQLite and PostgreSQL)."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.mail.conftest import Inbox, deliver, inbox, mail_dir, mail_env, smtp_server, text_of  # noqa: F401
from tests.web.conftest import People, shot
from tests.web.test_browser import OpenPage, label, sign_in

pytestmark = pytest.mark.browser
LINK = re.compile(r"http://partilha\.example\.org(/participar/confirmar\?t=[\w-]+)")
PASSWORD = "girassol-amarelo-de-pacaraima"


class TestJoiningJourney:
    def test_ask_confirm_approved_sign_in(
        self,
        mail_env: None,  # noqa: F811
        browser_page: OpenPage,
        session: Session,
        inbox: Inbox,  # noqa: F811
        people: People,
    ):
        joao = browser_page()
        joao.goto("/")
        expect(joao.get_by_role("heading", name="Quero compartilhar uma prática")).to_be_visible()
        joao.get_by_role("link", name=re.compile("Peça para participar")).click()
        joao.get_by_label(label("Seu nome")).fill("João Silva")
        joao.get_by_label(label("E-mail")).fill("joao@acolhe.org")
        joao.get_by_label(label("Organização")).select_option(label="Cáritas Roraima")
        joao.get_by_label(re.compile("Mensagem para quem decide")).fill("Trabalho no abrigo.")
        joao.get_by_label(label("Senha")).fill(PASSWORD)
        joao.get_by_role("button", name="Pedir para participar").click()
        expect(joao.get_by_role("heading", name="Confira o seu e-mail")).to_be_visible()

        deliver(session)
        [confirm] = inbox.to("joao@acolhe.org")
        link = LINK.search(text_of(confirm))
        assert link is not None
        joao.goto(link.group(1))
        joao.get_by_role("button", name="Confirmar meu e-mail").click()
        expect(joao.locator("#join-confirmed")).to_contain_text("Cáritas Roraima")

        deliver(session)
        [asked] = inbox.to(people.contributor.email)
        assert "/participar/pedidos" in text_of(asked)
        member = browser_page()
        sign_in(member, people.contributor)
        member.goto("/participar/pedidos")
        expect(member.get_by_text("joao@acolhe.org")).to_be_visible()
        expect(member.get_by_text("Trabalho no abrigo.")).to_be_visible()
        shot(member, "join-requests")
        member.get_by_role("button", name="Aprovar").click()
        expect(member.get_by_text("Aprovado: a pessoa já pode entrar.")).to_be_visible()

        deliver(session)
        assert inbox.to("joao@acolhe.org")[-1]["Subject"] == "Boas-vindas à Partilha"
        joao.goto("/entrar")
        joao.get_by_label("E-mail").fill("joao@acolhe.org")
        joao.get_by_label("Senha").fill(PASSWORD)
        joao.get_by_role("button", name="Entrar").click()
        expect(joao.get_by_text("Conectado como João Silva")).to_be_visible()
