"""/bai-giang/cua-toi/: a learner's own e-learning lectures ("Bài giảng của tôi"): what
they started and finished, their scores and time, newest activity first, each with a
link to go on — only the packages they may still play."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from lms.player import access, reports


@login_required
@require_safe
def my_learning(request):
    entries = [entry for entry in reports.learning_of(request.user)
               if access.mode_for(request.user, entry.package) is not None]
    response = render(request, "player/my_learning.html", {"entries": entries})
    patch_cache_control(response, private=True, no_store=True)
    return response
