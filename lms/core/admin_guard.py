"""Deny by default in the Wagtail admin: every URL of a guarded viewset answers only
when its name is classified, for the request's method, and the rule says yes for the
object the URL names.

Wagtail's viewsets add views we did not write (revisions, compare, workflow history,
unpublish, choosers…) and most of them ask only the model-level question. Wrapping the
URL patterns answers for all of them at once, before Wagtail's view runs; a view that
a Wagtail upgrade adds is refused until someone classifies it. Superusers pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import URLPattern

# rule(user, obj) -> bool; obj is None for views that name no object.
Rule = Callable[..., bool]

READ = frozenset({"GET", "HEAD"})
WRITE = frozenset({"GET", "HEAD", "POST"})
POST = frozenset({"POST"})


@dataclass(frozen=True)
class Access:
    """Who may use one URL of a viewset: with these methods, when `rule` says yes."""

    rule: Rule
    methods: frozenset[str] = READ


def guard_view(view, *, name: str, access: dict[str, Access], model):
    def guarded(request, *args, **kwargs):
        user = request.user
        if not user.is_superuser:
            entry = access.get(name)
            if entry is None or request.method not in entry.methods:
                raise PermissionDenied
            obj = None
            if "pk" in kwargs and model is not None:
                obj = get_object_or_404(model._default_manager, pk=unquote(str(kwargs["pk"])))
            if not entry.rule(user, obj):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    guarded.__name__ = getattr(view, "__name__", name)
    guarded.view_class = getattr(view, "view_class", None)
    guarded.guarded_name = name
    return guarded


def guard_patterns(patterns, *, access: dict[str, Access], model):
    """The same URL patterns, each view wrapped in `guard_view`."""
    guarded = []
    for pattern in patterns:
        if not isinstance(pattern, URLPattern):
            raise TypeError(f"cannot guard {pattern!r}: only plain URL patterns")
        view = guard_view(pattern.callback, name=pattern.name, access=access, model=model)
        guarded.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
    return guarded


class GuardedViewSetMixin:
    """For a Wagtail (snippet) viewset: `access` maps URL names to Access; the rest is
    refused to everyone but superusers."""

    access: dict[str, Access] = {}

    def get_urlpatterns(self):
        return guard_patterns(super().get_urlpatterns(), access=self.access, model=self.model)


class VisibleOnlyBulkActionMixin:
    """A bulk action that never names an object the user may not see: ids outside the
    policy's `visible_actions` are dropped before the confirmation page lists them."""

    visible_actions = ("view",)

    def get_actionable_objects(self):
        # Once per request: after the action runs, deleted objects are no longer "visible".
        if not hasattr(self, "_visible_actionable"):
            self._visible_actionable = self._visible_actionable_objects()
        return self._visible_actionable

    def _visible_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        if user.is_superuser:
            return objects, extra
        visible = set(
            self.permission_policy.instances_user_has_any_permission_for(user, list(self.visible_actions))
            .values_list("pk", flat=True)
        )
        kept = [o for o in objects if o.pk in visible]
        hidden = [o for o in extra.get("items_with_no_access", []) if o.pk in visible]
        if not kept and not hidden:
            raise PermissionDenied
        return kept, {**extra, "items_with_no_access": hidden}
