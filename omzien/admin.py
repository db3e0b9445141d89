"""The admin as the moderators' desk: Omzien's name, and what waits for
moderation on its start page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative

QUEUE_LENGTH = 50  # rows per list on the start page; the counts are exact


class OmzienAdminSite(admin.AdminSite):
    site_header = _("Omzien moderation")
    site_title = _("Omzien moderation")
    index_title = _("Moderation queue")

    def index(self, request, extra_context=None):
        context = {"queue": moderation_queue(request.user), **(extra_context or {})}
        return super().index(request, context)


def moderation_queue(user) -> dict | None:
    """What waits for a decision: new submissions and updates of published
    initiatives, oldest first, with their counts. None for staff who may
    not see initiatives."""
    if not user.has_perm("initiatives.view_initiative"):
        return None
    waiting = Initiative.objects.with_areas()
    new, changed = waiting.new_submissions(), waiting.changes_awaiting()
    return {
        "new": new[:QUEUE_LENGTH],
        "new_count": new.count(),
        "changed": changed[:QUEUE_LENGTH],
        "changed_count": changed.count(),
    }
