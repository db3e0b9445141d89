"""axe-core in the page under test, from the selenium-axe-python wheel."""

from pathlib import Path

import selenium_axe_python

AXE = Path(selenium_axe_python.__file__).parent / "axe-core" / "axe.min.js"
GRAVE = ("serious", "critical")


def grave_violations(driver) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now:
    "rule: selector" per element."""
    driver.execute_script(AXE.read_text())
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document).then(done, function (e) { done({error: String(e)}); });"
    )
    assert "error" not in result, result
    return [
        f"{violation['id']}: {node['target']}"
        for violation in result["violations"]
        if violation["impact"] in GRAVE
        for node in violation["nodes"]
    ]
