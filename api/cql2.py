"""A small CQL2 text parser (OGC API Features Part 3) that builds a Django Q.

What it reads (the classes the conformance list claims):
- basic CQL2: comparisons (= <> < > <= >=), AND, OR, NOT, parentheses,
  IS [NOT] NULL, string, number, boolean, TIMESTAMP() and DATE() literals;
- advanced comparison operators: [NOT] LIKE (% and _), [NOT] BETWEEN,
  [NOT] IN (...);
- basic spatial functions: S_INTERSECTS(geometry, BBOX(...) | POINT(...)).

The property on the left is looked up among the collection's queryables,
which turn (operator, value) into a Q; anything else is a CqlError (a 400
naming the `filter` parameter). The text and its nesting are bounded, and
no text ever reaches SQL but as a bound parameter.
"""

import re
from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.db.models import Q
from django.utils.translation import gettext as _

from . import crs

MAX_LENGTH = 4000
MAX_DEPTH = 20
MAX_LIST = 500

COMPARISONS = ("=", "<>", "<=", ">=", "<", ">")
_TOKENS = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^']|'')*')
      | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
      | (?P<op><>|<=|>=|=|<|>)
      | (?P<punct>[(),])
      | (?P<word>[A-Za-z_][A-Za-z0-9_.:]*|"[^"]+")
    )""",
    re.VERBOSE,
)


class CqlError(ValueError):
    pass


@dataclass(frozen=True)
class Token:
    kind: str  # string, number, op, punct, word, end
    text: str
    value: object = None

    def is_word(self, *words):
        return self.kind == "word" and self.text.upper() in words


@dataclass(frozen=True)
class Timestamp:
    text: str  # an RFC 3339 date-time or a date, checked by the queryable
    date_only: bool = False


def tokenize(text: str) -> list[Token]:
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKENS.match(text, position)
        if not match or match.end() == position:
            raise CqlError(_("Cannot read the filter at character %d.") % position)
        position = match.end()
        kind = match.lastgroup
        raw = match.group(kind)
        if kind == "string":
            tokens.append(Token(kind, raw, raw[1:-1].replace("''", "'")))
        elif kind == "number":
            tokens.append(Token(kind, raw, float(raw) if "." in raw else int(raw)))
        elif kind == "word" and raw.startswith('"'):
            tokens.append(Token(kind, raw[1:-1]))
        else:
            tokens.append(Token(kind, raw))
    return [*tokens, Token("end", "")]


def parse(text: str, queryables, *, filter_crs=crs.CRS84) -> Q:
    """A Q for the CQL2 text. `queryables` maps a property name to an object
    with `q(operator, value) -> Q`; geometry literals are in filter_crs, in
    its axis order, and reach the queryable in the stored SRID."""
    if len(text) > MAX_LENGTH:
        raise CqlError(_("The filter is longer than %d characters.") % MAX_LENGTH)
    parser = _Parser(tokenize(text), queryables, filter_crs)
    q = parser.expression()
    if parser.peek().kind != "end":
        raise CqlError(_("Unexpected %s in the filter.") % parser.peek().text)
    return q


class _Parser:
    def __init__(self, tokens, queryables, filter_crs):
        self.tokens, self.position, self.depth = tokens, 0, 0
        self.queryables, self.crs = queryables, filter_crs

    def peek(self) -> Token:
        return self.tokens[self.position]

    def take(self) -> Token:
        token = self.tokens[self.position]
        if token.kind != "end":
            self.position += 1
        return token

    def expect(self, text):
        token = self.take()
        if token.text.upper() != text:
            raise CqlError(
                _("Expected %(expected)s in the filter, found %(found)s.")
                % {"expected": text, "found": token.text or _("the end")}
            )

    def expression(self) -> Q:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise CqlError(_("The filter is nested too deeply."))
        q = self.term()
        while self.peek().is_word("OR"):
            self.take()
            q = q | self.term()
        self.depth -= 1
        return q

    def term(self) -> Q:
        q = self.factor()
        while self.peek().is_word("AND"):
            self.take()
            q = q & self.factor()
        return q

    def factor(self) -> Q:
        token = self.peek()
        if token.is_word("NOT"):
            self.take()
            return ~self.factor()
        if token.text == "(":
            self.take()
            q = self.expression()
            self.expect(")")
            return q
        if token.is_word("S_INTERSECTS"):
            return self.spatial()
        return self.predicate()

    def predicate(self) -> Q:
        queryable = self.property()
        token = self.take()
        if token.kind == "op":
            return queryable.q(token.text, self.literal())
        negate = False
        if token.is_word("IS"):
            negate = self.peek().is_word("NOT")
            if negate:
                self.take()
            self.expect("NULL")
            q = queryable.q("isnull", True)
            return ~q if negate else q
        if token.is_word("NOT"):
            negate, token = True, self.take()
        if token.is_word("LIKE"):
            q = queryable.q("like", self.literal())
        elif token.is_word("BETWEEN"):
            low = self.literal()
            self.expect("AND")
            q = queryable.q(">=", low) & queryable.q("<=", self.literal())
        elif token.is_word("IN"):
            q = queryable.q("in", self.literal_list())
        else:
            raise CqlError(
                _("Expected an operator after the property, found %s.")
                % (token.text or _("the end"))
            )
        return ~q if negate else q

    def property(self):
        token = self.take()
        if token.kind != "word":
            raise CqlError(
                _("Expected a property name in the filter, found %s.")
                % (token.text or _("the end"))
            )
        queryable = self.queryables.get(token.text)
        if queryable is None:
            raise CqlError(_("%s is not a queryable property.") % token.text)
        return queryable

    def literal(self):
        token = self.take()
        if token.kind in ("string", "number"):
            return token.value
        if token.is_word("TRUE", "FALSE"):
            return token.text.upper() == "TRUE"
        if token.is_word("TIMESTAMP", "DATE"):
            self.expect("(")
            text = self.take()
            if text.kind != "string":
                raise CqlError(_("TIMESTAMP and DATE take a quoted text."))
            self.expect(")")
            return Timestamp(text.value, date_only=token.is_word("DATE"))
        raise CqlError(
            _("Expected a value in the filter, found %s.")
            % (token.text or _("the end"))
        )

    def literal_list(self):
        self.expect("(")
        values = [self.literal()]
        while self.peek().text == ",":
            self.take()
            values.append(self.literal())
            if len(values) > MAX_LIST:
                raise CqlError(_("IN takes at most %d values.") % MAX_LIST)
        self.expect(")")
        return values

    def spatial(self) -> Q:
        self.take()
        self.expect("(")
        queryable = self.property()
        self.expect(",")
        geometry = self.geometry()
        self.expect(")")
        return queryable.q("intersects", geometry)

    def geometry(self):
        token = self.take()
        if token.is_word("POINT"):
            self.expect("(")
            first, second = self.number(), self.number()
            self.expect(")")
            x, y = (second, first) if self.crs.lat_first else (first, second)
            point = Point(x, y, srid=self.crs.srid)
            if self.crs.srid != crs.STORED_SRID:
                point.transform(crs.STORED_SRID)
            return point
        if token.is_word("BBOX"):
            self.expect("(")
            numbers = [self.number()]
            while self.peek().text == ",":
                self.take()
                numbers.append(self.number())
            self.expect(")")
            try:
                return crs.parse_bbox(",".join(map(str, numbers)), self.crs)
            except crs.BboxError as error:
                raise CqlError(str(error)) from None
        raise CqlError(_("S_INTERSECTS takes a BBOX(...) or a POINT(...)."))

    def number(self) -> float:
        token = self.take()
        if token.kind != "number":
            raise CqlError(
                _("Expected a number in the filter, found %s.")
                % (token.text or _("the end"))
            )
        return float(token.value)
