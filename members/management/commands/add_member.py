"""Create an approved, email-verified account (and its organisation when it is new)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.models import Role
from members.services import member_add


class Command(BaseCommand):
    help = "Create an approved, email-verified account in an organisation."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--organisation", required=True, help="The organisation's name.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password", help="Without it the account cannot log in by password.")
        parser.add_argument("--name", default="", help="Full name (default: from the email).")

    def handle(self, *args, email, organisation, role, password, name, **options):
        try:
            user = member_add(
                email=email,
                organisation_name=organisation,
                role=role,
                full_name=name,
                password=password,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        membership = user.membership
        self.stdout.write(
            f"Created {user.email} as {membership.get_role_display()} of "
            f"{membership.organisation.name}."
        )
