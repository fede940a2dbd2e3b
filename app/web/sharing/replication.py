"""The `Share` of a replication's page. A replication has no card of its own: its preview is
its practice's share image (published, since only a published practice is replicated). Built
from the public's view, so the replication's private contact never reaches a tag."""

from app.opendata.rows import public_url
from app.replications.models import ReplicationPublic
from app.web import i18n
from app.web.sharing.service import image_path
from app.web.sharing.share import Share


def replication_share(
    replication: ReplicationPublic, page: str, practice_page: str, lang: str
) -> Share:
    place = replication.municipality
    with i18n.language(lang):
        title = i18n.gettext("%(practice)s, replicated in %(place)s") % {
            "practice": replication.practice_title,
            "place": f"{place['name']}/{place['uf']}",
        }
    description = str(replication.revision.content.get("adaptations", ""))
    image = public_url(image_path(practice_page, lang))
    return Share(title, description, public_url(page), image, title, lang, "article")
