"""Helpers shared by the records of the domain apps (initiatives,
gatherings): unique slugs, status changes and the admin's bulk actions. A
plain package, not an app: it has no models and imports no app."""
