"""A thematic call's refusals of a practice's answer (app/calls/service.check_answer), in the
interface's words, with its dates in the reader's format."""

import re

from app.web.i18n import _
from app.web.templating import fmt_date

CALL_REFUSALS = ("call_not_open", "outside_call_scope", "unknown_call")
_WHEN = re.compile(r"it (opens|closed) on (\d{4}-\d{2}-\d{2})")


def call_refusal(kind: str, msg: str) -> str:
    if kind == "unknown_call":
        return _("This call does not exist. Choose one of the open calls.")
    if kind == "outside_call_scope":
        return _(
            "This call is for other places: the practice's municipalities or states are "
            "outside its scope."
        )
    when = _WHEN.search(msg)
    if when and when.group(1) == "opens":
        return _("This call is not open yet: it opens on %(date)s.") % {
            "date": fmt_date(when.group(2))
        }
    if when:
        return _("This call closed on %(date)s.") % {"date": fmt_date(when.group(2))}
    return _("This call is not open.")
