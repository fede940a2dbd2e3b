"""Public pages: home, the practice page, search results (facets in the URL, highlighted
snippets, paging, near a municipality) and how much they weigh."""

import re
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.web.markdown import render_markdown
from tests.builders import publish
from tests.web.conftest import People, sync_search

XSS = (
    "Texto com <script>alert('x')</script> e <img src=x onerror=alert(1)> e "
    "[um link](javascript:alert(1)) e **negrito**."
)
LIMIT = 100_000


class TestPracticePage:
    def test_public_fields_linked_places_and_no_private_contact(
        self, client: TestClient, people: People
    ):
        practice = publish(
            client, people.contributor, people.curator, municipalities=[1400100, 1400456]
        )
        page = TestClient(client.app).get(f"/praticas/{practice['id']}").text
        assert "Acolhimento de refugiados venezuelanos em Boa Vista" in page
        assert '<a href="/municipios/1400100">Boa Vista/RR</a>' in page
        assert '<a href="/municipios/1400456">Pacaraima/RR</a>' in page
        assert (
            "Monitorada" in page and "Como replicar" in page and "Estágio de implementação" in page
        )
        assert "<h3>Como funciona</h3>" in page  # Markdown, headings under the page's own
        assert "maria@example.org" not in page  # contact without consent stays private

    def test_markdown_is_rendered_inert(self, client: TestClient, people: People):
        practice = publish(client, people.contributor, people.curator, description=XSS)
        page = TestClient(client.app).get(f"/praticas/{practice['id']}").text
        assert "<script>alert" not in page and "<img" not in page
        assert 'href="javascript' not in page  # the link stays plain text
        assert "&lt;script&gt;alert('x')&lt;/script&gt;" in page
        assert "<strong>negrito</strong>" in page

    def test_drafts_are_not_found(self, client: TestClient, people: People):
        from tests.builders import create_practice

        draft = create_practice(client, people.contributor)
        assert TestClient(client.app).get(f"/praticas/{draft['id']}").status_code == 404


class TestMarkdownSanitiser:
    def test_allow_list(self):
        html = str(
            render_markdown(
                '<a href="x" onclick="y">a</a> [b](https://e.org "t") <iframe></iframe>'
            )
        )
        # No tag carries the handler (the raw HTML is shown as text, quotes and all).
        assert not re.search(r"<[^>]*onclick", html)
        assert "<iframe" not in html and '<a href="x"' not in html
        assert "&lt;iframe&gt;" in html  # kept as text, never as markup
        assert '<a href="https://e.org" title="t" rel="nofollow noopener noreferrer">b</a>' in html

    def test_bare_addresses_become_links_except_in_code(self):
        html = str(render_markdown("Veja www.example.org ou `https://in.code`"))
        assert (
            '<a href="http://www.example.org" rel="nofollow noopener noreferrer">'
            "www.example.org</a>" in html
        )
        assert "<code>https://in.code</code>" in html


class TestSearchResults:
    def _publish_some(self, client: TestClient, session: Session, people: People) -> None:
        for practice in (
            {"themes": ["acolhimento-abrigamento"]},
            {
                "title": "Aulas de português em São Paulo",
                "summary": "Curso de português como língua de acolhimento para refugiados.",
                "themes": ["ensino-portugues"],
                "municipalities": [3550308],
                "evidence_level": "avaliada",
            },
            {
                "title": "Comitê estadual de refugiados",
                "summary": "Articulação de órgãos e sociedade civil no estado do Amazonas.",
                "themes": ["participacao-comites"],
                "scope": "state",
                "municipalities": [],
                "ufs": ["AM"],
            },
        ):
            publish(client, people.contributor, people.curator, **practice)
        sync_search(session)

    def test_misspelled_query_with_highlighted_safe_snippets(
        self, client: TestClient, session: Session, people: People, search_ready: None
    ):
        self._publish_some(client, session, people)
        page = client.get("/busca?q=refujiados").text
        assert "3 práticas encontradas" in page
        assert re.search(r"<mark>[Rr]efugiados</mark>", page)
        assert "<script" not in page.replace(
            '<script src="/static/autocomplete.js" defer></script>', ""
        )

    def test_facets_live_in_the_url_and_toggle(
        self, client: TestClient, session: Session, people: People, search_ready: None
    ):
        self._publish_some(client, session, people)
        page = client.get("/busca?q=").text
        link = re.search(r'<a href="([^"]+)"[^>]*>☐ Ensino de português', page).group(1)
        query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
        assert query["theme"] == ["ensino-portugues"]
        filtered = client.get(link.replace("&amp;", "&")).text
        assert "1 prática encontrada" in filtered and "Aulas de português em São Paulo" in filtered
        assert re.search(r'aria-current="true">☑ Ensino de português', filtered)
        assert "Limpar todos os filtros" in filtered

    def test_near_a_municipality_typed_by_name(
        self, client: TestClient, session: Session, people: People, search_ready: None
    ):
        self._publish_some(client, session, people)
        page = client.get("/busca?near=Pacaraima%2FRR&radius_km=500").text
        assert "perto de Pacaraima/RR" in page
        assert "Acolhimento de refugiados venezuelanos em Boa Vista" in page
        assert "Aulas de português em São Paulo" not in page
        unknown = client.get("/busca?near=Cidade+Inexistente").text
        assert "Não encontramos o município “Cidade Inexistente”." in unknown

    def test_paging(self, client: TestClient, session: Session, people: People, search_ready: None):
        for n in range(12):
            publish(client, people.contributor, people.curator, title=f"Prática número {n:02d}")
        sync_search(session)
        first = client.get("/busca?q=pratica&sort=title").text
        assert "Página 1 de 2" in first and 'rel="next"' in first
        second = client.get("/busca?q=pratica&sort=title&page=2").text
        assert "número 11" in second and "número 00" not in second

    def test_bad_filters_in_the_address_get_a_message_not_a_crash(
        self, client: TestClient, search_ready: None
    ):
        page = client.get("/busca?theme=nao-existe")
        assert page.status_code == 200
        assert "Alguns filtros do endereço não foram reconhecidos." in page.text

    def test_search_down_says_so(self, client: TestClient, monkeypatch):
        from app.config import get_settings

        monkeypatch.setattr(get_settings(), "meili_url", "http://127.0.0.1:9")
        page = client.get("/busca?q=abrigo")
        assert page.status_code == 200 and "A busca está temporariamente indisponível." in page.text


class TestPageWeight:
    """Home and results stay under 100 KB transferred: HTML plus every CSS and JS they load."""

    def _weight(self, client: TestClient, path: str) -> int:
        page = client.get(path)
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
        assert assets, "the page loads its stylesheet"
        return len(page.content) + sum(len(client.get(a).content) for a in set(assets))

    def test_home_and_results(
        self, client: TestClient, session: Session, people: People, search_ready: None
    ):
        for n in range(10):
            publish(client, people.contributor, people.curator, title=f"Prática de acolhimento {n}")
        sync_search(session)
        home, results = self._weight(client, "/"), self._weight(client, "/busca?q=acolhimento")
        print(f"page weight: home {home} B, results {results} B")
        assert home < LIMIT and results < LIMIT
