"""Who may play a package, and how: the apps that hand packages out (the repository's
e-learning lectures, contest entries) register a policy here; the player asks them.

A policy is `policy(user, package) -> mode | None`. Modes: TRACK (a learner's attempts are
stored), PUBLIC (anyone, not tracked), PREVIEW (reviewers, judges, the uploader: not
tracked, no student record). Deny by default: a package no policy grants is not found.
"""

from __future__ import annotations

from typing import Callable

TRACK = "track"
PUBLIC = "public"
PREVIEW = "preview"
MODES = (TRACK, PREVIEW, PUBLIC)  # the first a policy grants wins, in this order

Policy = Callable[[object, object], "str | None"]
_policies: list[Policy] = []


def register(policy: Policy) -> Policy:
    if policy not in _policies:
        _policies.append(policy)
    return policy


def unregister(policy: Policy) -> None:
    if policy in _policies:
        _policies.remove(policy)


def _owner(user, package) -> str | None:
    """The uploader previews their own package (before any lecture points at it)."""
    active = user is not None and user.is_authenticated and user.is_active
    return PREVIEW if active and package.owner_id == user.pk else None


def mode_for(user, package) -> str | None:
    """How `user` may play `package` (TRACK before PREVIEW before PUBLIC), or None."""
    if not package.ready:
        return None
    granted = {mode for policy in (_owner, *_policies) if (mode := policy(user, package))}
    if TRACK in granted and not package.tracked:
        granted = (granted - {TRACK}) | {PUBLIC}  # an HTML5 package has nothing to track
    return next((mode for mode in MODES if mode in granted), None)


# --- who may read a package's report (learners, attempts, scores, answers) ---------------

ReportPolicy = Callable[[object, object], bool]
_report_policies: list[ReportPolicy] = []


def register_report_policy(policy: ReportPolicy) -> ReportPolicy:
    """`policy(user, package) -> bool`: the apps that hand packages out say who reads
    their learners' results (a lecture's authors, the district's officers…)."""
    if policy not in _report_policies:
        _report_policies.append(policy)
    return policy


def unregister_report_policy(policy: ReportPolicy) -> None:
    if policy in _report_policies:
        _report_policies.remove(policy)


def may_read_report(user, package) -> bool:
    """Deny by default: only what a registered policy grants (the uploader included,
    who sees how their package is played)."""
    active = user is not None and user.is_authenticated and user.is_active
    if not active:
        return False
    return package.owner_id == user.pk or any(policy(user, package) for policy in _report_policies)
