"""The public pages of the members app: why join, contact us."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django_ratelimit.decorators import ratelimit

from . import services
from .audit import client_ip
from .forms import ContactForm


def about(request):
    return render(request, "members/public/about.html")


def why_join(request):
    return render(request, "members/public/why_join.html")


def _contact_rate(group, request):
    return settings.CONTACT_RATE


@ratelimit(key="ip", rate=_contact_rate, method="POST", block=False)
def contact(request):
    if getattr(request, "limited", False):
        return rate_limited(request)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.contact_message_submit(
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            subject=data["subject"],
            message=data["message"],
            ip_address=client_ip(request),
        )
        messages.success(request, "Thank you: your message has reached the CSOA team.")
        return redirect("contact")
    status = 400 if request.method == "POST" else 200
    return render(request, "members/public/contact.html", {"form": form}, status=status)


def rate_limited(request, exception=None):
    return render(request, "members/public/rate_limited.html", status=429)
