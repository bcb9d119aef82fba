"""Writing security events to the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.adapter import get_adapter
from django.db import models

from .models import AuditEvent, User

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .access.viewer import Viewer


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:
        return request.META.get("REMOTE_ADDR")


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    actor_email: str = "",
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        actor_email=actor.email if actor is not None else actor_email[:254],
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        ip_address=client_ip(request),
        detail=detail or {},
    )


def audit_staff_access(*, viewer: Viewer, obj: models.Model) -> AuditEvent:
    return audit_record(
        action=AuditEvent.Action.STAFF_ACCESS,
        actor=User.objects.filter(pk=viewer.user_id).first(),
        target=obj,
        detail={"tlp": obj.tlp},
    )
