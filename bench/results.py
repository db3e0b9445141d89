"""bench/RESULTS.md holds one section per benchmark, each rewritten by its script."""

import datetime
import re
from pathlib import Path


def write_section(path, title: str, body: str) -> None:
    """Replace (or add) the `## title` section of the results file."""
    file = Path(path)
    text = file.read_text() if file.exists() else "# Benchmark results\n"
    stamp = datetime.date.today().isoformat()
    section = f"## {title}\n\nMeasured {stamp}.\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    file.write_text(text.rstrip("\n") + "\n")
