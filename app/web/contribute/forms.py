"""Every kind's contribute forms, declared side by side as curate/reviews.py declares their
reviews: what the kit (`pages.py`, `mine.py`) takes from each kind's module (`practice.py`,
`policy.py`, `replication.py`: its form's making and reading, its feedback and notes) and from
its domain's service. Its pages, form template and words follow from the kind's name."""

from app.policies import service as policies
from app.policies.models import PolicyContent, PolicyUpdate
from app.practices import service as practices
from app.practices.models import PracticeCreate, PracticeUpdate
from app.replications import service as replications
from app.replications.models import ReplicationCreate, ReplicationUpdate
from app.web.contribute import policy, practice, replication
from app.web.contribute.kit import MINE, FormKind
from app.web.contribute.policy_form import PolicyForm
from app.web.contribute.practice_form import PracticeForm
from app.web.contribute.replication_form import ReplicationForm

PRACTICE_FORMS: FormKind[PracticeForm] = FormKind(
    "practice",
    create_schema=PracticeCreate,
    update_schema=PracticeUpdate,
    blank=practice.blank,
    read=practice.read,
    prefill=practice.prefill,
    options=practice.form_options,
    get=practices.get_managed_practice,
    create=practice.create,
    update=practices.update_practice,
    submit=practices.submit_practice,
    own=practice.own,
    choose=practice.choose,
    extra=practice.consent,
    feedback=practice.feedback,
    locked_back=lambda _item_id: MINE,
)


POLICY_FORMS: FormKind[PolicyForm] = FormKind(
    "policy",
    create_schema=PolicyContent,
    update_schema=PolicyUpdate,
    blank=policy.blank,
    read=policy.read,
    prefill=policy.prefill,
    options=policy.form_options,
    get=policies.get_policy,
    create=policy.create,
    update=policies.update_policy,
    submit=policies.submit_policy,
    own=policy.own,
    may_edit=policy.may_edit,
    feedback=policy.feedback,
    note=policy.instrument,
    shown=50,
    paged=False,
    anchor="politicas",
)


REPLICATION_FORMS: FormKind[ReplicationForm] = FormKind(
    "replication",
    create_schema=ReplicationCreate,
    update_schema=ReplicationUpdate,
    blank=replication.blank,
    read=replication.read,
    prefill=replication.prefill,
    options=replication.form_options,
    get=replications.get_replication,
    create=replication.create,
    update=replications.update_replication,
    submit=replications.submit_replication,
    own=replication.own,
    choose=replication.choose,
    may_edit=replication.may_edit,
    feedback=replication.feedback,
    note=replication.situation,
    anchor="replicacoes",
    locked_back=lambda _item_id: f"{MINE}#replicacoes",
)

# In the order of the sections of "my items" (the first names the page).
FORM_KINDS: tuple[FormKind, ...] = (PRACTICE_FORMS, POLICY_FORMS, REPLICATION_FORMS)
