"""Hostile and broken input, shared by the tests in this folder.

Small on purpose: each entry stands for a class of attack or mistake.
"""

# Markup that runs as script if any output forgets to escape it. The
# `needle` of each is what must never appear unescaped in HTML.
XSS = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</script><script>alert(1)</script>",
    "<!--<script>",
    "javascript:alert(1)",
    "' onmouseover='alert(1)",
]
# Text fields of the site's form and the API's submission body.
TEXT_FIELDS = ("name", "summary", "description", "contact_name")

# Spreadsheets run a CSV cell that starts with one of these as a formula.
FORMULAS = [
    '=HYPERLINK("http://evil.example","klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
]

# SQL-ish and LIKE-wildcard strings for every text filter.
SQLISH = [
    "' OR 1=1 --",
    '" OR ""="',
    "1;DROP TABLE initiatives_initiative",
    "%",
    "_",
    "\\",
    "%_%",
    "') UNION SELECT contact_email FROM initiatives_initiative --",
]

# Odd characters and sizes.
NUL = "Kam\x00pen"
LONG = "k" * 10_000
UNICODE_DIGITS = ["²", "١٢", "１"]  # str.isdigit() is True for all of these

# Percent-encoded query strings that are not valid UTF-8.
BAD_UTF8_QUERIES = ["q=%ff%fe", "q=%c3%28", "place=%ed%a0%80", "q=%00"]

# Page parameters: too deep, negative, not numbers.
DEEP_OFFSETS = ["1000000000000", str(10**19), str(10**30)]
BAD_NUMBERS = ["-1", "abc", "1.5", "1e3", "", " 1", "0x10", *UNICODE_DIGITS]

# Points outside the world or the country, and non-numbers.
BAD_POINTS = ["91,5", "-91,5", "52,181", "52,-181", "nan,5", "inf,5", "52", "a,b"]
BAD_BBOXES = ["5,52,6", "6,52,5,53", "5,91,6,92", "-181,0,0,1", "nan,1,2,3"]
