"""Ask initiators once a year whether their entry is still current.

Run daily from cron. Reminds the initiator of every published initiative not
changed or confirmed for 12 months (update, still current, archive), and
tells the moderators about reminders unanswered for 30 more days.
"""

from django.core.management.base import BaseCommand

from initiatives import services


class Command(BaseCommand):
    help = "E-mail yearly reminders to initiators and report unanswered ones."

    def handle(self, *args, **options):
        reminded, reported = services.send_reminders()
        self.stdout.write(
            f"Queued {reminded} reminders; reported {reported} unanswered "
            "reminders to the moderators (in their next digest)."
        )
