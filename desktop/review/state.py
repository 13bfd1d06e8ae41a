"""Where one innovation stands in the review workflow, as the screens show it (read on the
database lane, no Qt): its state, the moves the signed-in officer may make (each enabled or with
what blocks it), a move waiting for the server, refused moves, why the content is locked, and
the blocking findings by name."""

from __future__ import annotations

from dataclasses import dataclass, field

from iid import workflow as wf
from iid.findings import Finding
from iid.records import WorkflowState
from iid.rules import load_rules
from sync.local.repository import Repository
from sync.local.workflow import RequestState, WorkflowRequestInfo

SUBMIT_ACTIONS = (wf.Action.AJUKAN, wf.Action.AJUKAN_ULANG)


@dataclass(frozen=True)
class WorkflowView:
    innovation_id: str
    title: str
    state: WorkflowState
    review: wf.Review
    options: tuple[wf.MoveOption, ...]
    pending: WorkflowRequestInfo | None = None
    refused: tuple[WorkflowRequestInfo, ...] = ()
    """Moves (not verdicts) the server refused, until the officer dismisses them."""
    content_refusal: wf.Refusal | None = None
    blockers: tuple[Finding, ...] = ()
    """The findings that block submitting (only when a submit is offered)."""
    names: dict[str, str] = field(default_factory=dict)
    """Finding targets (profile fields, indicator numbers) -> what the screen calls them."""

    @property
    def locked(self) -> bool:
        return self.content_refusal is not None

    def option(self, action: wf.Action) -> wf.MoveOption | None:
        return next((o for o in self.options if o.action is action), None)

    @property
    def submit(self) -> wf.MoveOption | None:
        """Ajukan or Ajukan ulang, whichever the state offers this officer."""
        return next((o for o in self.options if o.action in SUBMIT_ACTIONS), None)


def target_names(rules: object) -> dict[str, str]:
    names = {
        str(spec.name): str(getattr(spec, "label", spec.name))
        for spec in rules.profile_fields  # type: ignore[attr-defined]
    }
    names.update(
        {key: f"{key}. {ind.name}" for key, ind in rules.indicators.items()}  # type: ignore[attr-defined]
    )
    return names


def load_view(repo: Repository, innovation_id: str) -> WorkflowView | None:
    """The innovation's workflow as the signed-in officer sees it; None if it is gone."""
    innovation = repo.get_innovation(innovation_id)
    if innovation is None:
        return None
    flow = repo.workflow
    review = flow.review(innovation_id)
    options = tuple(flow.options(innovation_id))
    requests = flow.requests(innovation_id)
    pending = next(
        (
            r
            for r in requests
            if r.state is RequestState.PENDING and r.action is not wf.Action.NILAI
        ),
        None,
    )
    refused = tuple(
        r for r in requests if r.state is RequestState.REFUSED and r.action is not wf.Action.NILAI
    )
    rules = load_rules(innovation.rule_year)
    blockers: tuple[Finding, ...] = ()
    if any(o.action in SUBMIT_ACTIONS for o in options):
        blockers = tuple(wf.blocking_findings(innovation, rules))
    return WorkflowView(
        innovation_id=innovation_id,
        title=innovation.profile.nama,
        state=review.state,
        review=review,
        options=options,
        pending=pending,
        refused=refused,
        content_refusal=flow.content_refusal(innovation_id),
        blockers=blockers,
        names=target_names(rules),
    )
