"""When a collection's public rows last changed, kept in the shared cache.

Every public GET needs it (the ETag, Last-Modified, the response cache), and
reading it from the database was most of what a cached answer cost. A save
or delete of the rows it is read from forgets it at once and again when the
transaction commits, so a request that read it in between cannot keep the
old one. A change that sends no signal (QuerySet.update(), SQL by hand,
another program) shows within SECONDS.

Each database keeps its own: a replica that lags must not hand its older
version to the readers of the primary, who would then miss their own change.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from areas.models import Province
from gatherings.models import Gathering
from gatherings.models import Tombstone as GatheringTombstone
from initiatives.models import Initiative, Tombstone

SECONDS = 5
KEY = "api-data-version:{}:{}"  # name, database alias
NAMES = ("initiatives", "gatherings")
# Saved or deleted, these change a data version. A province moving to
# another region updates its records' updated_at with update() inside the
# same transaction (areas.services.move_province): the commit forgets it.
SOURCES = (Initiative, Tombstone, Gathering, GatheringTombstone, Province)
MISSING = object()


def remembered(name, read):
    """The data version `read()` gives, asked once per SECONDS at most."""
    key = KEY.format(name, router.db_for_read(Initiative))
    version = cache.get(key, MISSING)
    if version is MISSING:
        version = read()
        cache.set(key, version, SECONDS)
    return version


def forget(**kwargs):
    aliases = (DEFAULT_DB_ALIAS, *settings.REPLICA_ALIASES)
    keys = [KEY.format(name, alias) for name in NAMES for alias in aliases]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def connect():
    for model in SOURCES:
        post_save.connect(forget, sender=model, dispatch_uid=f"versions-save-{model}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"versions-del-{model}")
    m2m_changed.connect(
        forget, sender=Initiative.tags.through, dispatch_uid="versions-tags"
    )
