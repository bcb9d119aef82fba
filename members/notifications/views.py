"""The inbox, a notification opened, mail choices and watches, and one-click unsubscribing."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.signing import BadSignature, Signer
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kit.web import render_form

from ..access import get_visible_or_404
from ..models import Level, Notification, Rhythm, Watch
from . import selectors, services
from .registers import KINDS, TARGETS
from .selectors import shown

_PAGES = Signer(salt="csoa.notifications.page")


def _next_page(following) -> str:
    if following is None:
        return ""
    created, pk = following
    return _PAGES.sign(f"{created.isoformat()}|{pk}")


def _page_start(token: str):
    if not token:
        return None
    try:
        created, pk = _PAGES.unsign(token).split("|")
        return dt.datetime.fromisoformat(created), int(pk)
    except (BadSignature, ValueError):
        return None


@login_required
def inbox(request):
    entries, following = selectors.inbox(
        request.viewer, before=_page_start(request.GET.get("page", ""))
    )
    return render(
        request,
        "members/notifications/inbox.html",
        {"entries": entries, "next_page": _next_page(following), "today": timezone.now().date()},
    )


@login_required
def open_notification(request, pk: int):
    """Mark it read and go to what it is about (or back to the inbox, if no longer shared)."""
    notification = get_visible_or_404(request.viewer, Notification, pk=pk)
    services.notifications_read(user=request.user, ids=[notification.pk])
    entry = shown(request.viewer, [notification])[0]
    if not entry.shared:
        messages.info(request, "What this notification was about is no longer shared with you.")
        return redirect("members:notifications")
    return redirect(entry.url)


@login_required
@require_POST
def read_all(request):
    services.notifications_read(user=request.user)
    messages.success(request, "Every notification is marked read.")
    return redirect("members:notifications")


class MailChoicesForm(forms.Form):
    """A choice of rhythm per kind of notification the person may receive."""

    def __init__(self, *args, kinds, initial_choices, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.help,
                choices=[c for c in Rhythm.choices if not kind.rhythms or c[0] in kind.rhythms],
                initial=initial_choices[kind.key],
            )


def _kinds_for(viewer) -> list:
    return [
        kind for kind in KINDS.values() if kind.for_roles is None or viewer.role in kind.for_roles
    ]


@login_required
def notification_settings(request):
    kinds = _kinds_for(request.viewer)
    form = MailChoicesForm(
        request.POST or None,
        kinds=kinds,
        initial_choices=selectors.mail_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.mail_choices_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Your choices are saved.")
        return redirect("members:notification_settings")
    watches = []
    for watch in selectors.watches_of(request.viewer):
        target = TARGETS.get(watch.target_type)
        # Named as the reader may see it now: a group they left, a thread no longer shared
        # with them, is not named by the label it had.
        described = target.describe(request.viewer, watch.target_key) if target else None
        watches.append(
            {
                "watch": watch,
                "kind": target.label if target else watch.target_type,
                "label": described[0] if described else "No longer shared with you",
            }
        )
    return render_form(
        request,
        "members/notifications/settings.html",
        {
            "form": form,
            "watches": watches,
            "levels": selectors.LEVEL_CHOICES,
            "rhythms": Rhythm.choices,
        },
    )


class WatchForm(forms.Form):
    target_type = forms.ChoiceField(choices=())
    target_key = forms.CharField(max_length=120)
    level = forms.TypedChoiceField(choices=Level.choices, coerce=int)
    mail = forms.ChoiceField(
        choices=[("", "As chosen for the kind"), *Rhythm.choices], required=False
    )
    urgent_at_once = forms.BooleanField(required=False)
    next = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = [(key, t.label) for key, t in TARGETS.items()]


def _back(request, fallback: str):
    wanted = request.POST.get("next", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}
    ):
        return redirect(wanted)
    return redirect(fallback)


@login_required
@require_POST
def watch(request):
    """Watch, track, mute or stop following something, from the button on its page."""
    form = WatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That cannot be watched.")
        return _back(request, "members:notification_settings")
    data = form.cleaned_data
    target = TARGETS[data["target_type"]]
    described = target.describe(request.viewer, data["target_key"])
    if described is None:
        messages.error(request, "There is nothing there that you may watch.")
        return _back(request, "members:notification_settings")
    label, criteria = described
    try:
        services.watch_set(
            user=request.user,
            target_type=data["target_type"],
            target_key=data["target_key"],
            label=label,
            level=data["level"],
            mail=data["mail"],
            urgent_at_once=data["urgent_at_once"],
            criteria=criteria,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{Level(data['level']).label}: {label}.")
    return _back(request, "members:notification_settings")


@login_required
@require_POST
def watch_stop(request, pk: int):
    watch = get_visible_or_404(request.viewer, Watch, pk=pk)
    services.watch_stop(watch=watch)
    messages.success(request, f"You no longer follow {watch.label}.")
    return _back(request, "members:notification_settings")


@csrf_exempt  # one click from a mail (RFC 8058): the signed link is the proof
def unsubscribe(request, token: str):
    """The link in every mail: a page that says what it stops (GET), and stops it (POST),
    without logging in."""
    try:
        user, kinds = services.unsubscribe_reader(token)
    except ValidationError as error:
        return render(
            request,
            "members/notifications/unsubscribe.html",
            {"error": error.messages[0]},
            status=400,
        )
    labels = [KINDS[kind].label for kind in kinds]
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(
            request, "members/notifications/unsubscribe.html", {"done": True, "kinds": labels}
        )
    return render(
        request,
        "members/notifications/unsubscribe.html",
        {"kinds": labels, "email": user.email, "token": token},
    )
