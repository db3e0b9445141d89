from django.contrib.admin.apps import AdminConfig


class OmzienAdminConfig(AdminConfig):
    """Django's admin with Omzien's site (omzien/admin.py)."""

    default_site = "omzien.admin.OmzienAdminSite"
