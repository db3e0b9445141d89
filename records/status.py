def set_status(record, status: str):
    """Change a record's status after its checks; the caller's service holds
    the rule for which changes are allowed."""
    record.status = status
    record.full_clean()
    record.save()
    return record
