"""Admin pages for organisations and accounts: register an organisation, open an account in
it with a role, change the role, deactivate and reactivate, each refusal beside its field or
in a notice, with the API's rules (SQLite and PostgreSQL)."""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import Organisation, Role, User
from tests.builders import PASSWORD, make_org, make_user
from tests.web.helpers import csrf, sign_in

NEW_PASSWORD = "girassol-amarelo-de-pacaraima"


def _post(client: TestClient, path: str, page: str, **form: str):  # type: ignore[no-untyped-def]
    return client.post(path, data={**form, "csrf_token": csrf(client, page)})


def _signs_in(client: TestClient, email: str, password: str = NEW_PASSWORD) -> bool:
    form = {"username": email, "password": password}
    return client.post("/api/v1/auth/token", data=form).status_code == 200


class TestAdminPages:
    def test_only_admins(self, client: TestClient, session: Session):
        ana = make_user(session, Role.contributor, make_org(session), email="ana@caritas.org")
        assert client.get("/admin/contas", follow_redirects=False).status_code == 303
        sign_in(client, ana)
        assert client.get("/admin/contas").status_code == 403
        assert client.get("/admin/organizacoes").status_code == 403

    def test_organisation_then_account_then_role_and_access(
        self, client: TestClient, session: Session
    ):
        admin = make_user(session, Role.admin, email="admin@partilha.org")
        sign_in(client, admin)
        orgs = "/admin/organizacoes"
        missing = _post(client, orgs, orgs, name="Casa Nova", type="", uf="RR")
        assert missing.status_code == 422 and 'id="err-type"' in missing.text
        made = _post(client, orgs, orgs, name="Casa Nova", type="osc", uf="RR")
        assert made.status_code == 200 and "Organização cadastrada." in made.text
        twice = _post(client, orgs, orgs, name="Casa Nova", type="osc", uf="")
        assert twice.status_code == 422 and 'id="err-name"' in twice.text
        assert session.exec(select(Organisation).where(Organisation.name == "Casa Nova")).one()
        session.commit()  # SQLite: release the read before the pages write

        page = "/admin/contas"
        joao = {"name": "João", "email": "joao@casanova.org", "role": "contributor"}
        cases = [
            ({**joao, "organisation": "Casa Nova", "password": "12345678901"}, "password"),
            ({**joao, "organisation": "", "password": NEW_PASSWORD}, "organisation"),
            (
                {**joao, "organisation": "Casa Nova", "password": NEW_PASSWORD, "email": "x"},
                "email",
            ),
            ({**joao, "role": "gov_editor", "password": NEW_PASSWORD}, "scope"),
        ]
        for form, field in cases:
            refused = _post(client, page, page, **form)
            assert refused.status_code == 422 and f'id="err-{field}"' in refused.text, form
        created = _post(client, page, page, **joao, organisation="Casa Nova", password=NEW_PASSWORD)
        assert created.status_code == 200 and "Conta criada" in created.text
        assert "joao@casanova.org" in created.text
        again = _post(client, page, page, **joao, organisation="Casa Nova", password=NEW_PASSWORD)
        assert again.status_code == 422 and 'id="err-email"' in again.text
        api = TestClient(client.app)
        assert _signs_in(api, "joao@casanova.org")

        user = session.exec(select(User).where(User.email == "joao@casanova.org")).one()
        session.commit()
        target = f"/admin/contas/{user.id}"
        assert "Conta atualizada." in _post(client, target, page, role="curator").text
        assert "Conta atualizada." in _post(client, target, page, active="false").text
        session.refresh(user)
        assert (user.role, user.is_active) == (Role.curator, False)
        session.commit()
        assert not _signs_in(api, "joao@casanova.org")
        _post(client, target, page, active="true")
        assert _signs_in(api, "joao@casanova.org")

        last = _post(client, f"/admin/contas/{admin.id}", page, active="false")
        assert "última conta de administração ativa" in last.text
        assert _signs_in(api, admin.email, PASSWORD)
