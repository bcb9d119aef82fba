"""Load the demo organisations and accounts: one for every role. Running it twice adds nothing."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from csoa.dev.demo_people import (
    DEMO_ORGANISATIONS,
    DEMO_PASSWORD,
    DEMO_PEOPLE,
    DEMO_POSITIONS,
    DEMO_TOTP_SECRET,
)
from members.models import Membership, Organisation, Role, User
from members.services import member_add, membership_apply, organisation_create


class Command(BaseCommand):
    help = "Load demo organisations and accounts (development only; idempotent)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run in production.")
        from csoa.dev.demo_chatter import seed_threads
        from csoa.dev.demo_groups import seed_groups
        from csoa.dev.demo_incidents import seed_incidents
        from csoa.dev.demo_publications import seed_publications

        with transaction.atomic():
            created = self._organisations() + self._people()
            for email, position in DEMO_POSITIONS.items():  # where still the default
                Membership.objects.filter(user__email=email, position="other").exclude(
                    position=position
                ).update(position=position)
            created += seed_incidents()
            created += seed_threads()
            created += seed_groups()
            created += seed_publications()
        self.stdout.write(f"Demo data ready ({created} new records).")

    def _organisations(self) -> int:
        created = 0
        for name, kind, domains in DEMO_ORGANISATIONS:
            if not Organisation.objects.filter(name__iexact=name).exists():
                organisation_create(
                    actor=None, name=name, kind=kind, email_domains=domains, verified=True
                )
                created += 1
        return created

    def _people(self) -> int:
        created = 0
        for email, name, organisation, role in DEMO_PEOPLE:
            if User.objects.filter(email__iexact=email).exists():
                continue
            created += 1
            if role == "pending":
                self._pending(email, name, organisation)
                continue
            user = member_add(
                email=email,
                organisation_name=organisation,
                role=role,
                full_name=name,
                password=DEMO_PASSWORD,
            )
            if (
                role in (Role.EDITOR, Role.STAFF)
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                TOTP.activate(user, DEMO_TOTP_SECRET)
        return created

    def _pending(self, email: str, name: str, organisation: str) -> None:
        from allauth.account.models import EmailAddress

        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        membership_apply(
            user=user,
            position="cso",
            reason="I am the CSO of a fleet of product tankers trading to West Africa.",
            organisation=Organisation.objects.get(name__iexact=organisation),
        )
        assert user.membership.status == Membership.Status.PENDING
