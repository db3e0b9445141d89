"""Create the API token of a partner account and print its key, once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api import services
from api.models import ApiToken


class Command(BaseCommand):
    help = (
        "Create a partner account if needed and print a new API key. Keys are "
        "stored hashed: print it once, --rotate replaces a lost one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="e.g. the partner's organisation")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--rotate", action="store_true", help="replace an existing token"
        )

    def handle(self, *args, username, email, rotate, **options):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email}
        )
        if created:
            user.set_unusable_password()  # API only: no admin log-in
            user.save()
        if not rotate and ApiToken.objects.filter(user=user).exists():
            raise CommandError(
                f"{username} already has a token. Its key is stored hashed and "
                "cannot be shown again: use --rotate to replace it."
            )
        _token, key = services.issue_api_token(user=user)
        self.stdout.write(key)
