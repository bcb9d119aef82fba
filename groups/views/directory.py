"""The member directory and a person's page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from kit.geography import Region
from kit.text import whole_number
from members.models import Organisation

from .. import directory, selectors
from .groups import members_only


@members_only
def members_directory(request):
    viewer = request.viewer
    query = request.GET.get("q", "").strip()[:100].replace("\x00", "")
    kind = request.GET.get("kind", "")
    region = request.GET.get("region", "")
    port = request.GET.get("port", "").strip().upper()[:20]
    if kind not in ("", *Organisation.Kind.values) or region not in ("", *Region.values):
        raise Http404("No such filter.")
    slug = request.GET.get("group", "")
    group = selectors.group(viewer, slug) if slug else None
    after = None
    if (
        request.GET.get("after_name") is not None
        and whole_number(request.GET.get("after")) is not None
    ):
        after = (request.GET["after_name"][:150], int(request.GET["after"]))
    found, following = directory.search(
        viewer, query=query, kind=kind, region=region, port=port, group=group, after=after
    )
    context = {
        "people": found,
        "following": following,
        "query": query,
        "kind": kind,
        "region": region,
        "port": port,
        "group": group,
        "kinds": Organisation.Kind.choices,
        "regions": Region.choices,
        "groups": selectors.listed(viewer, mine=True),
    }
    return render(request, "groups/directory.html", context)


@members_only
def person(request, handle: str):
    return render(
        request, "groups/person.html", {"shown": directory.profile(request.viewer, handle)}
    )
