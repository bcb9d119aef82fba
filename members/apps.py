"""The members app: organisations, accounts and roles, vetting, the access policy, audit."""

from django.apps import AppConfig
from django.db.models import Q

NOTHING = Q(pk__in=[])


def _own_rows(field: str):
    """A person's own notifications, watches and mail choices: theirs alone, staff included."""

    def rule(viewer):
        return Q(**{field: viewer.user_id}) if viewer.is_authenticated else NOTHING

    return rule


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members and organisations"

    def ready(self) -> None:
        from kit.queue import SWEEPS

        from . import (
            signals,  # noqa: F401 - connects the audit receivers
            tokens,  # noqa: F401 - registers who may see which API tokens
        )
        from .access import RULES, Rule
        from .models import (
            Notification,
            NotificationEvent,
            NotificationMail,
            NotificationSetting,
            Watch,
        )
        from .notifications import fanout, mail, vetting

        RULES.add(Rule(Notification, _own_rows("recipient_id")))
        RULES.add(Rule(NotificationMail, _own_rows("recipient_id")))
        RULES.add(Rule(Watch, _own_rows("user_id")))
        RULES.add(Rule(NotificationSetting, _own_rows("user_id")))
        RULES.add(Rule(NotificationEvent, lambda viewer: NOTHING))  # read by the worker alone
        vetting.register()
        SWEEPS.add(fanout.events_sweep)
        SWEEPS.add(mail.mail_sweep)
