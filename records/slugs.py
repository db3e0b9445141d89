def unique_slug(model, base: str) -> str:
    """base, or base-2, base-3, ... : the first slug no row of model has."""
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
