"""Print a new API token for a member's or an organisation admin's account."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.models import ApiToken, User
from members.services import TOKEN_DAYS, api_token_issue


class Command(BaseCommand):
    help = (
        "Print a new API token for the account with this email address (shown this once: "
        "only its hash is kept). The account's other tokens stay until revoked or expired."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Issued on the command line")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default="read_write")
        parser.add_argument(
            "--part",
            action="append",
            choices=ApiToken.Part.values,
            dest="parts",
            default=[],
            help="A part of the API it opens (repeat it); none: every part.",
        )
        parser.add_argument("--days", type=int, choices=TOKEN_DAYS, default=365)

    def handle(self, *args, email, name, scope, parts, days, **options):
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account for {email}.")
        try:
            key = api_token_issue(user=user, name=name, scope=scope, parts=parts, days=days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(key)
