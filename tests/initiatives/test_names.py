import pytest

from initiatives import names


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("Dorpskamer Den Andel", "Dorpskamer Den-Andel"),
        ("Zorgcooperatie Austerlitz", "Zorgcoöperatie Austerlitz"),
        ("Stichting De Holm", "De Holm"),
        ("Samen Eten Kampen", "Samen eten"),
        ("Buurtkamer De Linde", "Buurtkamer 'de Linden'"),
    ],
)
def test_names_that_mean_the_same_initiative_are_alike(name, other):
    assert names.alike(name, other, place="Kampen")
    assert names.alike(other, name, place="Kampen")


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("A", "Austerlitz"),  # one letter is no name
        ("A", "A"),
        ("De", "De Holm"),  # only common words
        ("Zorg", "Zorgboerderij De Wierde"),  # a part of a word is no match
        ("Buurtzorg", "Buurthuis"),
        ("Samen Eten", "Samen Wonen"),
        ("Kampen", "Het 8ste Werk Kampen"),  # the place's name tells nothing
    ],
)
def test_names_of_other_initiatives_are_not_alike(name, other):
    assert not names.alike(name, other, place="Kampen")
