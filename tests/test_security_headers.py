from django.urls import reverse


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split(None, 1)[1] if " " in part.strip() else ""
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def test_site_pages_carry_a_strict_policy(db, client):
    response = client.get(reverse("initiatives:home"))
    directives = policy(response)
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "tile.openstreetmap.org" in directives["img-src"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_admin_allows_its_inline_scripts(admin_client):
    response = admin_client.get(reverse("admin:initiatives_initiative_changelist"))
    assert "'unsafe-inline'" in policy(response)["script-src"]
