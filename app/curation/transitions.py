"""The one table of legal transitions of a revision. Nothing else changes a status."""

from app.curation.models import Action
from app.curation.models import RevisionStatus as S

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[Action, tuple[frozenset[S], S]] = {
    Action.submit: (frozenset({S.draft, S.changes_requested}), S.submitted),
    Action.claim: (frozenset({S.submitted}), S.in_review),
    Action.request_changes: (frozenset({S.in_review}), S.changes_requested),
    Action.approve: (frozenset({S.in_review}), S.approved),
    Action.reject: (frozenset({S.in_review}), S.rejected),
    # Its authors take it back from the queue (to edit it); it is a draft again.
    Action.retract: (frozenset({S.submitted, S.in_review}), S.draft),
}

CURATOR_ACTIONS = frozenset({Action.claim, Action.request_changes, Action.approve, Action.reject})
NEEDS_REASON = frozenset({Action.request_changes, Action.reject})
EDITABLE = frozenset({S.draft, S.changes_requested})


def allowed_from(status: S, *, published: bool) -> list[str]:
    actions = [a.value for a, (sources, _) in TRANSITIONS.items() if status in sources]
    if published:
        actions.append(Action.withdraw.value)
    return actions
