"""Who may take a quiz, and who may read its results: the apps that publish quizzes (the
repository's exams and practice quizzes) register policies here; the quiz engine asks them.

A take policy is `policy(user, quiz) -> bool`: may this user take (start, answer, submit)
this quiz and see their own results. A results policy is `policy(user, quiz) -> bool`: may
this user read everyone's attempts and statistics and grade its essays. Deny by default:
only an active, logged-in user a policy grants; the quiz's owner reads its results. A quiz
a user may neither take nor read is not found (404), never refused (403).
"""

from __future__ import annotations

from typing import Callable

Policy = Callable[[object, object], bool]
_take_policies: list[Policy] = []
_results_policies: list[Policy] = []


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def register_take_policy(policy: Policy) -> Policy:
    if policy not in _take_policies:
        _take_policies.append(policy)
    return policy


def unregister_take_policy(policy: Policy) -> None:
    if policy in _take_policies:
        _take_policies.remove(policy)


def register_results_policy(policy: Policy) -> Policy:
    if policy not in _results_policies:
        _results_policies.append(policy)
    return policy


def unregister_results_policy(policy: Policy) -> None:
    if policy in _results_policies:
        _results_policies.remove(policy)


def may_take(user, quiz) -> bool:
    return _active(user) and any(policy(user, quiz) for policy in _take_policies)


def may_read_results(user, quiz) -> bool:
    """Everyone's attempts, the statistics, grading essays."""
    if not _active(user):
        return False
    return (quiz.owner_id is not None and quiz.owner_id == user.pk) or any(
        policy(user, quiz) for policy in _results_policies)


def may_see(user, quiz) -> bool:
    return may_take(user, quiz) or may_read_results(user, quiz)
