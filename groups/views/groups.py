"""The collections, a group's page and settings, joining, leaving and managing members."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kit.text import whole_number
from kit.web import add_errors, render_form
from members.access import get_visible_or_404
from members.notifications.selectors import TAG_LEVEL_CHOICES, watch_state

from .. import access, sections, selectors, services
from ..forms import (
    DecideForm,
    GroupForm,
    InviteForm,
    JoinForm,
    OrganisationForm,
    ReasonForm,
    RoleForm,
    SettingsForm,
)
from ..models import Collection, GroupMember, JoinRequest, Visibility

TABS = [("mine", "Your groups"), *Collection.choices]


def members_only(view):
    """Approved members only: the public is sent to log in, applicants find nothing."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.viewer.approved:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _said(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@members_only
def index(request, collection: str = ""):
    viewer = request.viewer
    which = collection or request.GET.get("collection", "") or "mine"
    if which not in dict(TABS):
        raise Http404
    query = request.GET.get("q", "").strip()[:100].replace("\x00", "")
    found = selectors.listed(
        viewer, "" if which == "mine" else which, mine=which == "mine", query=query
    )
    after = request.GET.get("after", "")
    if whole_number(after) is not None:  # the next page: after this group, by name
        last = found.filter(pk=int(after)).values_list("name", flat=True).first() or ""
        found = found.filter(Q(name__gt=last) | Q(name=last, pk__gt=int(after)))
    page = list(found[: selectors.PAGE + 1])
    following = page[selectors.PAGE - 1].pk if len(page) > selectors.PAGE else None
    context = {
        "tabs": TABS,
        "which": which,
        "groups": page[: selectors.PAGE],
        "following": following,
        "query": query,
        "invitations": selectors.my_invitations(viewer),
        "may_create": which != "mine" and access.may_create(viewer, which),
        "creatable": [c for c, _ in Collection.choices if access.may_create(viewer, c)],
    }
    return render(request, "groups/index.html", context)


@members_only
def create(request):
    collection = request.GET.get("collection", Collection.CSO)
    if collection not in Collection.values:
        raise Http404
    if not access.may_create(request.viewer, collection):
        raise PermissionDenied(f"You may not create groups in {Collection(collection).label}.")
    form = GroupForm(request.POST or None, viewer=request.viewer, collection=collection)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.group_create(
                creator=request.user,
                collection=collection,
                name=data["name"],
                description=data["description"],
                join_policy=data["join_policy"],
                visibility=data["visibility"],
                organisation=data.get("organisation"),
                contact=data.get("contact", ""),
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{group.name} is made: you are its owner.")
            return redirect("groups:group", slug=group.slug)
    context = {"form": form, "collection": Collection(collection)}
    return render_form(request, "groups/create.html", context)


@members_only
def group(request, slug: str):
    viewer = request.viewer
    shown = selectors.group(viewer, slug)
    standing = selectors.standing(viewer, shown)
    context = {
        "group": shown,
        "standing": standing,
        "sections": sections.for_page(request, shown, standing),
        "people": selectors.people(viewer, shown)[:12],
        "people_count": selectors.people(viewer, shown).count(),
        "organisations": selectors.organisations(viewer, shown),
        "join_form": JoinForm(),
        "waiting": selectors.waiting_requests(viewer, shown, standing.role).count()
        if standing.manages
        else 0,
        "watch": watch_state(
            viewer,
            "group",
            shown.slug,
            question="Follow this group",
            alerts=False,
            levels=TAG_LEVEL_CHOICES,
        )
        if standing.inside
        else None,
    }
    return render(request, "groups/group.html", context)


@members_only
def people(request, slug: str):
    viewer = request.viewer
    shown = selectors.group(viewer, slug)
    standing = selectors.standing(viewer, shown)
    context = {
        "group": shown,
        "standing": standing,
        "people": selectors.people(viewer, shown),
        "organisations": selectors.organisations(viewer, shown),
        "requests": selectors.waiting_requests(viewer, shown, standing.role),
        "invitations": selectors.waiting_invitations(viewer, shown, standing.role),
        "invite_form": InviteForm(viewer=viewer),
        "organisation_form": OrganisationForm(),
        "is_owner": standing.owns,
    }
    return render(request, "groups/people.html", context)


@members_only
def settings(request, slug: str):
    viewer = request.viewer
    shown = selectors.group(viewer, slug)
    if not access.owns(viewer, shown):
        raise PermissionDenied("Only the group's owners change it.")
    initial = {
        "description": shown.description,
        "join_policy": shown.join_policy,
        "visibility": shown.visibility,
        "contact": shown.contact,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_change(
                actor=request.user, group=shown, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("groups:group", slug=shown.slug)
    return render_form(request, "groups/settings.html", {"form": form, "group": shown})


def action(view):
    """A POST that changes something and returns to the group: a refusal is said on the
    page it returns to, and changes nothing."""

    @members_only
    @require_POST
    @wraps(view)
    def wrapped(request, slug: str, *args, **kwargs):
        shown = selectors.group(request.viewer, slug)
        try:
            answer = view(request, shown, *args, **kwargs)
        except ValidationError as error:
            _said(request, error)
            answer = None
        return answer or redirect("groups:group", slug=shown.slug)

    return wrapped


@action
def join(request, group):
    form = JoinForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors.get("reason", ["Say why you would like to join."]))
    made = services.group_join(
        user=request.user,
        group=group,
        reason=form.cleaned_data["reason"],
        watch=form.cleaned_data["watch"],
    )
    if isinstance(made, JoinRequest):
        messages.success(request, "Asked: the group's owners will decide, and you will be told.")
    else:
        messages.success(request, f"You are in {group.name}.")


@action
def leave(request, group):
    services.group_leave(user=request.user, group=group)
    messages.success(request, f"You left {group.name}.")
    if group.visibility == Visibility.UNLISTED:  # found only by its members and invitees
        return redirect("groups:index")
    return None


@action
def withdraw(request, group):
    waiting = selectors.standing(request.viewer, group).request
    if waiting is None:
        raise ValidationError("There is no request of yours waiting.")
    services.request_withdraw(user=request.user, join_request=waiting)
    messages.success(request, "Your request is withdrawn.")


@action
def answer(request, group):
    invitation = selectors.standing(request.viewer, group).invitation
    if invitation is None:
        raise ValidationError("There is no invitation of yours waiting.")
    accept = request.POST.get("accept") == "yes"
    services.invitation_answer(user=request.user, invitation=invitation, accept=accept)
    messages.success(request, f"You are in {group.name}." if accept else "Invitation declined.")
    if not accept:
        return redirect("groups:index")
    return None


@action
def decide(request, group, pk: int):
    waiting = get_visible_or_404(request.viewer, JoinRequest, pk=pk, group=group)
    form = DecideForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Approve or decline.")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.request_decide(
            actor=request.user,
            join_request=waiting,
            approve=approve,
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except PermissionDenied:
        raise Http404 from None
    who = waiting.user.shown_name
    messages.success(request, f"{who} is in the group." if approve else f"{who} was told no.")
    return redirect("groups:people", slug=group.slug)


@action
def invite(request, group):
    if not access.may_manage(request.viewer, group):
        raise PermissionDenied("Only the group's owners and moderators invite.")
    form = InviteForm(request.POST, viewer=request.viewer)
    if not form.is_valid():
        raise ValidationError(form.errors["who"])
    services.invite(actor=request.user, group=group, user=form.cleaned_data["who"])
    messages.success(request, "Invited: they will find it in their notifications.")
    return redirect("groups:people", slug=group.slug)


def _member(request, group, pk: int) -> GroupMember:
    return get_visible_or_404(
        request.viewer, GroupMember.objects.select_related("user"), pk=pk, group=group
    )


@action
def remove(request, group, pk: int):
    member = _member(request, group, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Say why they are removed.")
    services.member_remove(
        actor=request.user, member=member, reason=form.cleaned_data["reason"], request=request
    )
    messages.success(request, f"{member.user.shown_name} was removed.")
    return redirect("groups:people", slug=group.slug)


@action
def role(request, group, pk: int):
    member = _member(request, group, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Choose moderator or member.")
    services.member_role(
        actor=request.user, member=member, role=form.cleaned_data["role"], request=request
    )
    messages.success(request, "Role changed.")
    return redirect("groups:people", slug=group.slug)


@action
def hand_over(request, group, pk: int):
    member = _member(request, group, pk)
    services.ownership_transfer(actor=request.user, group=group, to=member.user, request=request)
    messages.success(request, f"{member.user.shown_name} is now an owner.")
    return redirect("groups:people", slug=group.slug)


@action
def add_organisation(request, group):
    form = OrganisationForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors["organisation"])
    services.organisation_add(
        actor=request.user,
        group=group,
        organisation=form.cleaned_data["organisation"],
        request=request,
    )
    messages.success(
        request, f"{form.cleaned_data['organisation'].name} is in the group as a whole."
    )
    return redirect("groups:people", slug=group.slug)


@action
def remove_organisation(request, group):
    form = OrganisationForm(request.POST)
    reason = ReasonForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors["organisation"])
    if not reason.is_valid():
        raise ValidationError("Say why the organisation is removed.")
    services.organisation_remove(
        actor=request.user,
        group=group,
        organisation=form.cleaned_data["organisation"],
        reason=reason.cleaned_data["reason"],
        request=request,
    )
    messages.success(request, "The organisation was removed.")
    return redirect("groups:people", slug=group.slug)


@action
def archive(request, group):
    archived = request.POST.get("archived") != "no"
    services.group_archive(actor=request.user, group=group, archived=archived, request=request)
    messages.success(request, "Archived: read-only." if archived else "Open again.")
