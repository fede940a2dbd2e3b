"""The curator's decision form, the same for every kind: the checklist answers, the outcome and
the reason, parsed into the engine's DecisionCreate, with every problem placed beside its input
(translated)."""

from dataclasses import dataclass, field

from pydantic import ValidationError
from starlette.datastructures import FormData

from app.catalog.models import Criterion
from app.curation.models import DecisionCreate
from app.errors import InvalidInput
from app.web.i18n import N_, _

# The notice after each decision (a message id, translated when shown).
DONE = {
    "approve": N_("Decision recorded: approved."),
    "request_changes": N_("Decision recorded: changes requested. The submitter sees your reason."),
    "reject": N_("Decision recorded: rejected. The submitter sees your reason."),
}


def revision_id(posted: FormData) -> int | None:
    """The revision the page showed (the engine refuses a stale one)."""
    try:
        return int(str(posted.get("revision_id")))
    except ValueError:
        return None


@dataclass
class DecisionForm:
    answers: dict[str, str] = field(default_factory=dict)
    outcome: str = ""
    reason: str = ""
    revision_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_post(cls, posted: FormData, criteria: list[Criterion]) -> "DecisionForm":
        answers = {
            c.id: str(posted.get(f"criterion.{c.id}"))
            for c in criteria
            if posted.get(f"criterion.{c.id}")
        }
        return cls(
            answers=answers,
            outcome=str(posted.get("outcome") or ""),
            reason=str(posted.get("reason") or "").strip(),
            revision_id=revision_id(posted),
        )

    def body(self) -> DecisionCreate:
        """The engine's payload (raises ValidationError like the API would)."""
        return DecisionCreate.model_validate(
            {
                "revision_id": self.revision_id,
                "outcome": self.outcome,
                "reason": self.reason or None,
                "checklist": self.answers,
            }
        )

    def place_errors(self, exc: InvalidInput | ValidationError) -> None:
        raw = exc.errors if isinstance(exc, InvalidInput) else list(exc.errors())
        for error in raw:
            loc = [str(p) for p in error.get("loc", []) if p != "body"]
            if loc[:1] == ["checklist"] and len(loc) > 1:
                self.errors[f"criterion.{loc[1]}"] = _("Answer “yes” to approve.")
            elif loc[:1] == ["reason"]:
                self.errors["reason"] = _("Give the submitter a reason.")
            elif loc[:1] == ["outcome"]:
                self.errors["outcome"] = _("Choose a decision.")
            else:
                self.errors["_general"] = str(error.get("msg", ""))
