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
    assert attempt(client, "fout").status_code == 429
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
