"""Create (or show) the API token of a partner account."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Create a partner account if needed and print its API token."

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
        if rotate:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
