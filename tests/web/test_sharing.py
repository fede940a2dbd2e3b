"""Sharing: Open Graph and Twitter-card tags, the server-drawn share image, the WhatsApp and
e-mail links, and the printed sheet (no navigation, no share controls, a QR code)."""

import html
import io
import re
from collections.abc import Callable, Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from playwright.sync_api import Page, expect

from app.config import get_settings
from app.web.sharing import glyphs
from app.web.sharing.card import render_png
from tests.builders import create_practice, publish
from tests.web.conftest import LiveServer, People
from tests.web.helpers import sign_in

BASE = "https://partilha.example.org"
TITLE = "Ação & acolhimento: casa de passagem em Pacaraima"
META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')


@pytest.fixture
def base_url(client: TestClient) -> str:
    """The site's public address, as a deployment sets PARTILHA_PUBLIC_BASE_URL."""
    mp = pytest.MonkeyPatch()
    mp.setattr(get_settings(), "public_base_url", BASE + "/")
    yield BASE
    mp.undo()


def metas(page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in META.findall(page):
        found.setdefault(name, []).append(html.unescape(value))
    return found


def visitor(client: TestClient, lang: str | None = None) -> TestClient:
    anonymous = TestClient(client.app)
    if lang:
        anonymous.cookies.set("partilha_lang", lang)
    return anonymous


class TestShareTags:
    def test_practice_page_in_spanish(self, client: TestClient, people: People, base_url: str):
        practice = publish(client, people.contributor, people.curator, title=TITLE)
        page = visitor(client, "es").get(f"/praticas/{practice['id']}").text
        tags = metas(page)
        url = f"{BASE}/praticas/{practice['id']}"
        assert tags["og:title"] == [TITLE] and tags["twitter:title"] == [TITLE]
        summary = practice["revision"]["content"]["summary"]
        assert tags["og:description"] == [summary] and tags["description"] == [summary]
        assert tags["og:locale"] == ["es_ES"]
        assert set(tags["og:locale:alternate"]) == {"pt_BR", "en_US", "fr_FR"}
        assert tags["og:url"] == [url] and tags["og:type"] == ["article"]
        image = f"{url}/imagem.png?idioma=es"
        assert tags["og:image"] == [image] and tags["twitter:image"] == [image]
        assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
        assert tags["og:image:alt"][0].startswith(TITLE + " · ")
        assert "Acogida y alojamiento" in tags["og:image:alt"][0]  # themes in Spanish
        assert tags["twitter:card"] == ["summary_large_image"]
        assert f'<link rel="canonical" href="{url}">' in page

    def test_municipality_page(self, client: TestClient, base_url: str):
        tags = metas(visitor(client).get("/municipios/1400100").text)
        assert tags["og:title"] == ["Boa Vista/RR"] and tags["og:locale"] == ["pt_BR"]
        assert tags["og:type"] == ["website"]
        assert tags["og:url"] == [f"{BASE}/municipios/1400100"]
        assert tags["og:image"] == [f"{BASE}/municipios/1400100/imagem.png"]

    def test_other_pages_carry_none(self, client: TestClient):
        assert "og:title" not in metas(visitor(client).get("/busca").text)

    def test_a_draft_page_carries_none(self, client: TestClient, people: People):
        draft = create_practice(client, people.contributor)
        sign_in(client, people.contributor)
        page = client.get(f"/praticas/{draft['id']}")
        assert page.status_code == 200 and "og:title" not in metas(page.text)

    def test_private_contact_stays_out(self, client: TestClient, people: People):
        practice = publish(client, people.contributor, people.curator, contact_public=False)
        sign_in(client, people.contributor)  # its organisation sees the contact on the page
        page = client.get(f"/praticas/{practice['id']}").text
        assert "maria@example.org" in page
        head = page.split("</head>")[0]
        for private in ("maria@example.org", "Maria Contato", "0000-0000"):
            assert private not in head
        image = client.get(f"/praticas/{practice['id']}/imagem.png")
        assert image.status_code == 200 and b"maria" not in image.content


class TestShareImage:
    def test_png_cached_and_revalidated(self, client: TestClient, people: People):
        practice = publish(client, people.contributor, people.curator, title=TITLE)
        path = f"/praticas/{practice['id']}/imagem.png"
        render_png.cache_clear()
        first = visitor(client).get(path)
        assert first.status_code == 200 and first.headers["content-type"] == "image/png"
        assert Image.open(io.BytesIO(first.content)).size == (1200, 630)
        assert re.fullmatch(r"public, max-age=\d+", first.headers["cache-control"])
        etag = first.headers["etag"]
        again = visitor(client).get(path)
        assert again.content == first.content and again.headers["etag"] == etag
        assert render_png.cache_info().misses == 1  # the second answer was not drawn again
        unchanged = visitor(client).get(path, headers={"If-None-Match": etag})
        assert unchanged.status_code == 304 and unchanged.content == b""
        assert unchanged.headers["etag"] == etag
        spanish = visitor(client).get(path + "?idioma=es")
        assert spanish.status_code == 200 and spanish.headers["etag"] != etag

    def test_drafts_and_unknown_places_are_not_found(self, client: TestClient, people: People):
        draft = create_practice(client, people.contributor)
        sign_in(client, people.contributor)  # not even its own organisation gets a draft's image
        assert client.get(f"/praticas/{draft['id']}/imagem.png").status_code == 404
        assert client.get("/praticas/999999/imagem.png").status_code == 404
        assert client.get("/municipios/9999999/imagem.png").status_code == 404

    def test_municipality_image(self, client: TestClient):
        answer = visitor(client).get("/municipios/1400100/imagem.png?idioma=fr")
        assert answer.status_code == 200
        assert Image.open(io.BytesIO(answer.content)).size == (1200, 630)


def _fonts_cleared() -> None:
    for cached in (glyphs.font, glyphs._has, glyphs._ink):
        cached.cache_clear()


@pytest.fixture
def builtin_font(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As on a machine without DejaVu: Pillow's built-in font."""
    monkeypatch.setattr(glyphs, "SYSTEM_FONTS", ())
    _fonts_cleared()
    yield
    _fonts_cleared()


class TestSystemFont:
    def test_with_dejavu_every_letter_is_the_fonts_own(self) -> None:
        if not any(path.is_file() for path in glyphs.SYSTEM_FONTS):
            pytest.skip("no DejaVu Sans on this machine")
        text = "Ação — São João, façade, pingüino, niño"
        assert glyphs.plain(text) == (text, [])


@pytest.mark.usefixtures("builtin_font")
class TestAccents:
    """Pillow's built-in font has ASCII only: accented letters are its base letters and marks."""

    def test_marks_replace_missing_glyphs(self):
        text, marks = glyphs.plain("Ação — São João, façade, pingüino, niño")
        assert text == "Acao - Sao Joao, facade, pinguino, nino"
        assert len(marks) == 7

    def test_an_accent_is_drawn(self):
        def drawn(word: str) -> bytes:
            image = Image.new("L", (200, 80), 255)
            from PIL import ImageDraw

            glyphs.draw_text(ImageDraw.Draw(image), (4, 4), word, glyphs.font(40), 0, 255)
            return image.tobytes()

        assert drawn("São") != drawn("Sao") and drawn("ção") != drawn("cão")
        assert drawn("São") != drawn("S\uffffo")  # not the empty box of a missing glyph


class TestShareLinks:
    def test_whatsapp_and_mail_carry_title_and_address(
        self, client: TestClient, people: People, base_url: str
    ):
        practice = publish(client, people.contributor, people.curator, title=TITLE)
        page = visitor(client).get(f"/praticas/{practice['id']}").text
        url = f"{BASE}/praticas/{practice['id']}"
        links = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]
        assert f"https://wa.me/?text={quote(TITLE + chr(10) + url, safe='')}" in links
        mail = next(link for link in links if link.startswith("mailto:"))
        assert mail.startswith(f"mailto:?subject={quote(TITLE, safe='')}&body=")
        assert quote(url, safe="") in mail and " " not in mail
        assert "Compartilhar" in page and "Imprimir" in page
        assert '<script src="https://' not in page  # no third-party script

    def test_labels_translated(self, client: TestClient, people: People):
        practice = publish(client, people.contributor, people.curator)
        page = visitor(client, "fr").get(f"/praticas/{practice['id']}").text
        assert "Partager" in page and "Imprimer" in page


# --- the printed sheet, in Chromium ----------------------------------------------------------

LONG = "\n\n".join(f"Parágrafo {n}: " + "texto longo de descrição. " * 40 for n in range(15))


@pytest.mark.browser
class TestPrintedSheet:
    def test_print_hides_menus_and_shows_qr(
        self, browser_page: Callable[..., Page], live_server: LiveServer, people: People
    ):
        with live_server.api() as api:
            practice = publish(
                api,
                people.contributor,
                people.curator,
                title=TITLE,
                description=LONG,
                results="Resultados. " * 300,
                how_to_replicate="Mapear a rede local, firmar parcerias e formar a equipe. " * 12,
                contact_public=True,
            )
        page = browser_page()
        page.goto(f"/praticas/{practice['id']}")
        share = page.locator("section.share")
        expect(share).to_be_visible()
        expect(page.locator(".printed-link svg.qr")).to_be_hidden()
        for link in share.get_by_role("link").all():
            box = link.bounding_box()
            assert box and box["width"] >= 24 and box["height"] >= 24
        page.keyboard.press("Tab")  # the share links are reachable from the keyboard
        for _ in range(30):
            if page.evaluate("() => document.activeElement.closest('section.share') !== null"):
                break
            page.keyboard.press("Tab")
        else:
            raise AssertionError("no share link took the focus")

        page.emulate_media(media="print")
        expect(page.locator("header.site nav").first).to_be_hidden()
        expect(share).to_be_hidden()
        expect(page.locator(".printed-link svg.qr")).to_be_visible()
        expect(page.get_by_role("heading", name="Como replicar")).to_be_visible()
        expect(page.get_by_text("maria@example.org")).to_be_visible()  # a public contact
        expect(page.locator(".printed-link")).to_contain_text(f"/praticas/{practice['id']}")
        pdf = page.pdf(format="A4")
        pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
        assert 1 <= pages <= 2, pages
