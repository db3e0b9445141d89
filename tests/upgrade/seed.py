# Run by the upgrade test with `manage.py shell` on the OLD code: what an
# existing database holds beyond the fixtures.
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType

from initiatives import services
from initiatives.models import ApiUsage, Initiative, Region

moderators = Group.objects.create(name="moderators")
moderators.permissions.add(
    *Permission.objects.filter(
        codename__in=[
            "change_region",
            "change_province",
            "view_apiusage",
            "view_apitoken",
        ]
    )
)
partner = User.objects.create(username="gemeente-kampen")
services.issue_api_token(user=partner)
ApiUsage.objects.create(user=partner, day="2026-05-01", requests=12)
noorden = Region.objects.get(slug="noorden")
LogEntry.objects.create(
    user=partner,
    content_type=ContentType.objects.get_for_model(Region),
    object_id=str(noorden.pk),
    object_repr=noorden.name,
    action_flag=CHANGE,
)
holm = Initiative.objects.get(slug="de-holm")
holm.summary = holm.summary + " (bijgewerkt)"
holm.save()  # a history row
services.archive(initiative=Initiative.objects.get(slug="zorgcooperatie-austerlitz"))
