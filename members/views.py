"""Member pages: profile, organisation, vetting queue and decisions, role changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kit.web import render_form

from . import access, selectors, services
from .forms import DirectoryForm, RoleForm, VettingDecisionForm


@login_required
def me(request):
    return redirect("members:profile", user_id=request.user.pk)


@login_required
def profile(request, user_id: int, *, directory_form=None, status: int = 200):
    member = selectors.member_for_viewer(request.viewer, user_id)
    membership = getattr(member, "membership", None)
    roles = access.assignable_roles(request.viewer, membership) if membership else []
    if directory_form is None and member.pk == request.user.pk and request.viewer.approved:
        directory_form = DirectoryForm(initial={"shows": member.directory_shows})
    return render(
        request,
        "members/profile.html",
        {
            "member": member,
            "membership": membership,
            "role_form": RoleForm(roles=roles, initial={"role": membership.role})
            if roles
            else None,
            "directory_form": directory_form,
        },
        status=status,
    )


@login_required
@require_POST
def directory_choice(request):
    """What the members' directory shows of me beyond my name and organisation."""
    form = DirectoryForm(request.POST)
    if not form.is_valid():
        return profile(request, request.user.pk, directory_form=form, status=400)
    services.directory_shows_set(user=request.user, parts=form.cleaned_data["shows"])
    messages.success(request, "Saved: the directory shows what you chose.")
    return redirect("members:me")


@login_required
@require_POST
def change_role(request, user_id: int):
    member = selectors.member_for_viewer(request.viewer, user_id)
    membership = getattr(member, "membership", None)
    roles = access.assignable_roles(request.viewer, membership) if membership else []
    if not roles:
        raise Http404
    form = RoleForm(request.POST, roles=roles)
    if form.is_valid():
        services.membership_set_role(
            actor=request.user,
            membership_id=membership.pk,
            role=form.cleaned_data["role"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
        messages.success(request, f"{member} is now {membership.get_role_display()}.")
        return redirect("members:profile", user_id=member.pk)
    return render(
        request,
        "members/profile.html",
        {"member": member, "membership": membership, "role_form": form},
        status=400,
    )


@login_required
def organisation(request, slug: str):
    org = selectors.organisation_for_viewer(request.viewer, slug)
    return render(
        request,
        "members/organisation.html",
        {"organisation": org, "members": selectors.organisation_members(request.viewer, org)},
    )


def _may_vet(request) -> None:
    if not (request.viewer.is_staff or request.viewer.role == "org_admin"):
        raise Http404


@login_required
def vetting_queue(request):
    _may_vet(request)
    return render(
        request,
        "members/vetting_queue.html",
        {"applications": selectors.vetting_queue(request.viewer)},
    )


@login_required
def vetting_decide(request, membership_id: int):
    _may_vet(request)
    application = selectors.vetting_application(request.viewer, membership_id)
    asks_for_new = application.organisation_id is None
    form = VettingDecisionForm(
        request.POST or None,
        asks_for_new_organisation=asks_for_new and request.viewer.is_staff,
    )
    if request.method == "POST" and form.is_valid():
        decide = (
            services.membership_approve
            if form.cleaned_data["decision"] == "approve"
            else services.membership_reject
        )
        extra = {}
        if form.cleaned_data["decision"] == "approve" and form.cleaned_data.get("organisation"):
            extra["organisation"] = form.cleaned_data["organisation"]
        try:
            decided = decide(
                actor=request.user,
                membership_id=application.pk,
                reason=form.cleaned_data["reason"],
                request=request,
                **extra,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{decided.user} was {decided.get_status_display().lower()}; "
                "they have been emailed.",
            )
            return redirect("members:vetting_queue")
    return render_form(
        request,
        "members/vetting_decide.html",
        {"application": application, "form": form},
    )
