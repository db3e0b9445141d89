from django.urls import reverse


def attempt(client, password):
    return client.post(
        reverse("admin:login"),
        {"username": "moderator", "password": password, "next": "/admin/"},
    )


def test_admin_login_is_locked_after_five_failures(db, client, django_user_model):
    django_user_model.objects.create_superuser(
        "moderator", "m@example.org", "juist-wachtwoord"
    )
    for _ in range(4):
        assert attempt(client, "fout").status_code == 200  # the form again
    locked = attempt(client, "fout")
    assert locked.status_code == 429
    assert locked["Retry-After"] == "3600"
    assert "Te veel pogingen" in locked.text
    # Locked: even the right password is refused for now.
    response = attempt(client, "juist-wachtwoord")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_works_with_the_right_password(db, client, django_user_model):
    django_user_model.objects.create_superuser(
        "moderator", "m@example.org", "juist-wachtwoord"
    )
    assert attempt(client, "fout").status_code == 200
    response = attempt(client, "juist-wachtwoord")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def attempt_from(client, password, forwarded):
    return client.post(
        reverse("admin:login"),
        {"username": "moderator", "password": password, "next": "/admin/"},
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_a_spoofed_forwarded_header_does_not_reset_the_lock(
    db, client, django_user_model
):
    django_user_model.objects.create_superuser(
        "moderator", "m@example.org", "juist-wachtwoord"
    )
    statuses = [
        attempt_from(client, "fout", f"198.51.100.{n}").status_code for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert attempt_from(client, "juist-wachtwoord", "198.51.100.99").status_code == 429


def test_behind_a_proxy_the_lock_holds_the_visitor_not_the_proxy(
    db, client, django_user_model, settings
):
    """Failures are counted for the address the proxy appended, whatever
    the visitor put before it; another visitor can still log in."""
    settings.TRUSTED_PROXY_COUNT = 1
    django_user_model.objects.create_superuser(
        "moderator", "m@example.org", "juist-wachtwoord"
    )
    statuses = [
        attempt_from(client, "fout", f"10.0.0.{n}, 203.0.113.5").status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert attempt_from(client, "juist-wachtwoord", "203.0.113.5").status_code == 429
    assert attempt_from(client, "juist-wachtwoord", "203.0.113.6").status_code == 302
