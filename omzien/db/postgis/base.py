"""GeoDjango's PostGIS backend with a client-side deadline on every call
(omzien.db.deadline): queries, commits, rollbacks and health checks."""

from django.contrib.gis.db.backends.postgis import base

from ..deadline import deadline


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._within_deadline)

    def _within_deadline(self, execute, sql, params, many, context):
        with deadline(self.connection):
            return execute(sql, params, many, context)

    def is_usable(self):
        if self.connection is None:
            return False
        with deadline(self.connection):
            return super().is_usable()

    def _commit(self):
        if self.connection is None:
            return None
        with deadline(self.connection):
            return super()._commit()

    def _rollback(self):
        if self.connection is None:
            return None
        with deadline(self.connection):
            return super()._rollback()
