from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import rules as org_rules


@login_required
def tree(request):
    orgs = list(org_rules.visible_orgs(request.user).order_by("path"))
    return render(request, "orgs/tree.html", {"orgs": orgs})
