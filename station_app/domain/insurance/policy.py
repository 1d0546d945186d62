"""Insurance application → policy (投保 → 出单), and the order of claims (pure rules).

States and who moves them (docs/insurance.md, "Applications, policies and claims")::

    draft ─submit→ submitted ─issue→ issued            (branch, not the filer; policy no.)
                            ├─reject→ rejected         (branch, not the filer; reason)
                            └─withdraw→ withdrawn      (either side; reason)

An issued policy is final as a contract; its claims follow the weather (see
:func:`claimable_sections`).  Like loans, the service stores every move as a new record and
replays them in clock order (:func:`replay`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Iterable, Sequence

from station_app.domain.insurance.index import phase_dates
from station_app.domain.insurance.products import InsuranceProduct
from station_app.domain.messages import Message
from station_app.domain.roles import Permission, Role, can

__all__ = ["PolicyAction", "PolicyMoveRefused", "PolicyState", "PolicyTransition", "RULES",
           "capped_payout_per_mu",
           "allowed_policy_actions", "apply_policy_move", "claimable_sections",
           "first_open_season", "replay_policy"]


class PolicyState(str, Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ISSUED = "issued"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> Message:
        zh, en = _STATES[self]
        return Message(f"policy.state.{self.value}", zh, en)


class PolicyAction(str, Enum):
    SUBMIT = "submit"
    ISSUE = "issue"
    REJECT = "reject"
    WITHDRAW = "withdraw"

    @property
    def label(self) -> Message:
        zh, en = _ACTIONS[self]
        return Message(f"policy.action.{self.value}", zh, en)


_STATES = {
    PolicyState.DRAFT: ("草稿", "Draft"),
    PolicyState.SUBMITTED: ("已投保，等待出单", "Applied, waiting for the policy"),
    PolicyState.ISSUED: ("已出单（保障中）", "Policy issued"),
    PolicyState.REJECTED: ("未承保", "Declined"),
    PolicyState.WITHDRAWN: ("已撤回", "Withdrawn"),
}
_ACTIONS = {
    PolicyAction.SUBMIT: ("提交投保", "apply"),
    PolicyAction.ISSUE: ("出单", "issue the policy"),
    PolicyAction.REJECT: ("不予承保", "decline"),
    PolicyAction.WITHDRAW: ("撤回投保", "withdraw"),
}

S, A, P = PolicyState, PolicyAction, Permission
#: (from, action) → (to, permissions, maker-checker, reason required)
RULES: dict[tuple[PolicyState, PolicyAction],
            tuple[PolicyState, frozenset[Permission], bool, bool]] = {
    (S.DRAFT, A.SUBMIT): (S.SUBMITTED, frozenset({P.APPLICATION_PREPARE}), False, False),
    (S.SUBMITTED, A.ISSUE): (S.ISSUED, frozenset({P.APPLICATION_DECIDE}), True, False),
    (S.SUBMITTED, A.REJECT): (S.REJECTED, frozenset({P.APPLICATION_DECIDE}), True, True),
    (S.SUBMITTED, A.WITHDRAW): (S.WITHDRAWN,
                                frozenset({P.APPLICATION_PREPARE, P.APPLICATION_DECIDE}),
                                False, True),
}


@dataclass(frozen=True)
class PolicyTransition:
    from_state: PolicyState
    action: PolicyAction
    to_state: PolicyState
    reason: str | None


class PolicyMoveRefused(Exception):
    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


def apply_policy_move(state: PolicyState | str, action: PolicyAction | str, *, actor_id: str,
                      actor_role: Role | str, filed_by: str,
                      reason: str | None = None) -> PolicyTransition:
    """The move, or :class:`PolicyMoveRefused` saying why (state, role, filer, reason)."""
    state, action = PolicyState(state), PolicyAction(action)
    rule = RULES.get((state, action))
    if rule is None:
        raise PolicyMoveRefused(Message(
            "policy.not_allowed", f"投保现在是“{state.label}”，不能“{action.label}”",
            f"The application is {state.label.en.lower()}; it cannot {action.label.en}"))
    to_state, permissions, maker_checker, reason_required = rule
    role = Role(actor_role)
    if not any(can(role, p) for p in permissions):
        raise PolicyMoveRefused(Message(
            "policy.permission_denied", f"{role.label}不能“{action.label}”",
            f"A {role.label.en.lower()} may not {action.label.en}"))
    if maker_checker and (not filed_by or actor_id == filed_by):
        raise PolicyMoveRefused(Message(
            "policy.maker_checker", "经办投保的人不能给自己办的投保出单或拒保",
            "Whoever filed the application may not issue or decline it"))
    text = reason.strip() if isinstance(reason, str) else ""
    if reason_required and not text:
        raise PolicyMoveRefused(Message(
            "policy.reason_required", f"“{action.label}”必须写明原因",
            f"A reason is required to {action.label.en}"))
    return PolicyTransition(state, action, to_state, text or None)


def allowed_policy_actions(state: PolicyState | str, *, actor_id: str, actor_role: Role | str,
                           filed_by: str) -> list[PolicyAction]:
    out = []
    for (from_state, action) in RULES:
        if from_state != PolicyState(state):
            continue
        try:
            apply_policy_move(state, action, actor_id=actor_id, actor_role=actor_role,
                              filed_by=filed_by, reason="-")
        except PolicyMoveRefused:
            continue
        out.append(action)
    return out


def replay_policy(moves: Iterable[tuple[str, str]]) -> tuple[PolicyState, list[bool]]:
    """The state after ``moves`` ((from_state, action) in clock order) and, for each, whether
    it was superseded (its from-state no longer held)."""
    state, superseded = PolicyState.DRAFT, []
    for from_state, action in moves:
        try:
            key = (PolicyState(from_state), PolicyAction(action))
        except ValueError:
            superseded.append(True)
            continue
        rule = RULES.get(key)
        if rule is None or key[0] != state:
            superseded.append(True)
            continue
        state = rule[0]
        superseded.append(False)
    return state, superseded


def first_open_season(product: InsuranceProduct, today: date) -> int:
    """The first season whose earliest phase has not started by ``today`` (insuring a season
    already under way would let the weather so far choose who buys)."""
    for season in (today.year, today.year + 1):
        starts = [first for first, _last in phase_dates(product, season).values()]
        if min(starts) > today:
            return season
    return today.year + 2


def claimable_sections(product: InsuranceProduct, season: int, today: date,
                       done: Sequence[str]) -> list[str]:
    """Section codes whose phase ended before ``today`` and which have no claim yet, in phase
    order, stopping at the first one that has not ended (claims are made in phase order so the
    cap on the sum insured is applied the same way on every computer)."""
    phases = sorted(phase_dates(product, season).items(), key=lambda kv: (kv[1][1], kv[0]))
    out = []
    for code, (_first, last) in phases:
        if last >= today:
            break
        if code not in done:
            out.append(code)
    return out


def capped_payout_per_mu(product: InsuranceProduct, section_payout: Decimal,
                         earlier_payouts: Iterable[Decimal]) -> Decimal:
    """A section's payout per mu, capped so that all sections of a season together never
    pay more than the sum insured per mu."""
    room = product.sum_insured_per_mu - sum(earlier_payouts, Decimal(0))
    return max(Decimal(0), min(section_payout, room))
