from django.urls import reverse

from tests.factories import make_initiative


def test_home_has_the_search_box_regions_and_whole_map(seeded, client):
    response = client.get(reverse("initiatives:home"))
    assert response.status_code == 200
    html = response.text
    assert 'action="/initiatieven/"' in html and 'name="place"' in html
    for slug in ("noorden", "midden", "zuiden"):
        assert f'href="/kaart/{slug}/"' in html
        assert f'href="/initiatieven/?region={slug}"' in html
    assert 'href="/kaart/"' in html


def test_home_lists_the_most_used_themes_first(seeded, client):
    response = client.get(reverse("initiatives:home"))
    themes = [theme.slug for theme in response.context["themes"]]
    # wonen is on all three real initiatives.
    assert themes[0] == "wonen"
    assert "jeugd" not in themes  # used by none


def test_themes_count_published_initiatives_only(db, client):
    make_initiative(tags=["jeugd"], status="pending")
    make_initiative(tags=["wonen"])
    response = client.get(reverse("initiatives:home"))
    assert [theme.slug for theme in response.context["themes"]] == ["wonen"]


def test_english_home_links_to_english_pages(seeded, client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert 'href="/en/kaart/noorden/"' in response.text
    assert 'href="/en/initiatieven/"' in response.text


def test_language_switch_keeps_the_page(seeded, client):
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/initiatieven/?place=Kampen"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/initiatieven/?place=Kampen"


def test_pages_have_a_skip_link_and_one_main(seeded, client):
    response = client.get(reverse("initiatives:home"))
    assert '<a class="skip-link" href="#main">' in response.text
    assert response.text.count("<main") == 1


def test_unknown_page_is_a_helpful_404(db, client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert 'name="place"' in response.text  # a search box to carry on


def test_error_pages_render_without_a_request_context(rf):
    from django.utils import translation
    from django.views import defaults

    request = rf.get("/")
    with translation.override("en"):
        response = defaults.server_error(request)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert defaults.bad_request(request, Exception()).status_code == 400
    assert defaults.permission_denied(request, Exception()).status_code == 403
