"""A form that comes back (an error elsewhere, the duplicate warning) keeps
the image the initiator chose: browsers never fill a file input again."""

import os
import re
from datetime import timedelta

from django.core import signing
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from initiatives import images, services
from initiatives.models import Initiative
from tests.factories import make_initiative
from tests.initiatives.site.test_public_contact import photo

URL = reverse("initiatives:submit")
ALT = {"image_alt": "De dorpskamer"}


def kept_token(response) -> str:
    match = re.search(r'name="kept_image" value="([^"]+)"', response.text)
    assert match, "no kept image in the form"
    return match.group(1)


def test_an_error_elsewhere_keeps_the_image(form_data, client):
    response = client.post(URL, {**form_data, **ALT, "name": "", "image": photo()})
    assert response.status_code == 400
    assert "We hebben de afbeelding die je koos bewaard" in response.text
    token = kept_token(response)
    assert not Initiative.objects.exists()
    # Sent again with the name, without choosing the file again.
    response = client.post(URL, {**form_data, **ALT, "kept_image": token})
    assert response.status_code == 302, response.context["form"].errors
    initiative = Initiative.objects.get()
    assert initiative.image == images.kept(token)
    assert default_storage.exists(initiative.image.replace(".", "-240."))


def test_the_duplicate_warning_keeps_the_image(form_data, client):
    make_initiative(name="Dorpskamer Den-Andel", lon=6.51, lat=53.39)
    response = client.post(URL, {**form_data, **ALT, "image": photo()})
    assert response.status_code == 200 and response.context["duplicates"]
    token = kept_token(response)
    data = {**form_data, **ALT, "kept_image": token, "not_duplicate": "on"}
    assert client.post(URL, data).status_code == 302
    assert Initiative.objects.get(name=form_data["name"]).image == images.kept(token)


def test_a_kept_image_still_needs_its_description(form_data, client):
    response = client.post(URL, {**form_data, "image": photo()})
    assert response.status_code == 400
    assert response.context["form"].errors["image_alt"]
    response = client.post(URL, {**form_data, "kept_image": kept_token(response)})
    assert response.status_code == 400
    assert response.context["form"].errors["image_alt"]


def test_a_forged_or_expired_token_brings_no_image(form_data, client):
    other = images.store(photo(size=(300, 300)))
    for token in (
        other,
        signing.dumps(other),  # signed, but not by the form
        signing.dumps(other, salt="initiatives.images.keep")[:-2] + "xx",
    ):
        response = client.post(URL, {**form_data, "name": f"N {token[:4]}", **ALT,
                                      "kept_image": token})  # fmt: skip
        assert response.status_code == 302
    assert set(Initiative.objects.values_list("image", flat=True)) == {""}


def test_an_expired_token_brings_no_image(form_data, client, time_machine):
    time_machine.move_to(timezone.now())
    response = client.post(URL, {**form_data, **ALT, "name": "", "image": photo()})
    token = kept_token(response)
    time_machine.shift(images.KEEP_FOR + timedelta(minutes=1))
    assert images.kept(token) is None


def test_the_same_form_sent_twice_gives_each_entry_its_own_image(form_data, client):
    response = client.post(URL, {**form_data, **ALT, "name": "", "image": photo()})
    data = {**form_data, **ALT, "kept_image": kept_token(response)}
    client.post(URL, data)
    client.post(URL, {**data, "not_duplicate": "on"})
    first, second = Initiative.objects.values_list("image", flat=True)
    assert first and second and first != second


def age(name, days):
    """Make the stored sizes of an image look `days` old."""
    moment = (timezone.now() - timedelta(days=days)).timestamp()
    for width in images.WIDTHS:
        path = default_storage.path(name.replace(".", f"-{width}."))
        os.utime(path, (moment, moment))


def test_unused_images_are_deleted_after_their_time(db):
    used = make_initiative()
    used.image = images.store(photo(size=(300, 300)))
    used.save()
    waiting = make_initiative()
    waiting.pending_changes = {"image": images.store(photo(size=(300, 300)))}
    waiting.save()
    abandoned = images.store(photo(size=(300, 300)))
    fresh = images.store(photo(size=(300, 300)))  # a form may be on its way
    for name in (used.image, waiting.pending_changes["image"], abandoned):
        age(name, days=3)
    assert services.delete_unused_images() == 1
    exists = {
        name: default_storage.exists(name.replace(".", "-240."))
        for name in (used.image, waiting.pending_changes["image"], abandoned, fresh)
    }
    assert exists == {
        used.image: True,
        waiting.pending_changes["image"]: True,
        abandoned: False,
        fresh: True,
    }
