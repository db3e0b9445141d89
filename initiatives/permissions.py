"""Who may moderate: one rule for the admin and the API."""

MODERATE = "initiatives.change_initiative"


def can_moderate(user) -> bool:
    """An active staff member allowed to change initiatives."""
    return user.is_active and user.is_staff and user.has_perm(MODERATE)
