"""How alike two initiative names are: the duplicate warning's one rule.

Names are compared on their telling words (normalised, without common
words and without the name of their place), by the share of letter
trigrams they have in common, as PostgreSQL's pg_trgm does. It runs in
Python over a few candidates, so it is the same on SpatiaLite and PostGIS.
"""

from areas import geography

# Words that say nothing about which initiative a name means.
COMMON_WORDS = frozenset(
    "de het een van voor en in op aan met te ter ten den der bij uit s t "
    "stichting vereniging cooperatie initiatief burgerinitiatief".split()
)
MIN_LETTERS = 4  # a shorter name is like nothing
SIMILARITY = 0.5  # the share of trigrams in common


def telling_words(name: str, place: str = "") -> frozenset[str]:
    """The words of name that tell it apart, normalised."""
    folded = COMMON_WORDS | set(geography.normalize(place).split())
    return frozenset(geography.normalize(name).split()) - folded


def trigrams(words) -> set[str]:
    grams = set()
    for word in words:
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a, b) -> float:
    """The trigrams two sets of words share, as a part of all (0 to 1)."""
    grams_a, grams_b = trigrams(a), trigrams(b)
    if not grams_a or not grams_b:
        return 0.0
    return len(grams_a & grams_b) / len(grams_a | grams_b)


def alike(name: str, other: str, *, place: str = "") -> bool:
    """True when name probably means the initiative called other (in place).

    All telling words of one within the other's ("De Holm" and "Stichting
    De Holm Den Andel") also count.
    """
    a, b = telling_words(name, place), telling_words(other, place)
    if min(sum(map(len, a)), sum(map(len, b))) < MIN_LETTERS:
        return False
    return a <= b or b <= a or similarity(a, b) >= SIMILARITY
