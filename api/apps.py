from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Partner API")

    def ready(self):
        from . import cors, versions  # noqa: F401  (cors connects on import)

        versions.connect()
