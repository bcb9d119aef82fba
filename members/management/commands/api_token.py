"""Print a new API token for an account; its previous token stops working."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.models import User
from members.services import api_token_issue


class Command(BaseCommand):
    help = "Print a new API token for the account with this email address."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account for {email}.")
        try:
            self.stdout.write(api_token_issue(user=user))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
