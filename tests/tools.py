"""The test-only tools installed by `make test` (npm and Debian packages)."""

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")


def html_errors(pages: dict[str, bytes], folder: Path) -> list[str]:
    """The Nu Html Checker's errors in each named page, as "name:line: message"."""
    assert VNU_JAR.is_file(), "run `make test` (npm install) to get the Nu Html Checker"
    names = {}
    for number, (name, content) in enumerate(pages.items()):
        path = folder / f"{number}.html"
        path.write_bytes(content)
        names[str(path)] = name
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *names],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [
        f"{names[message['url'].removeprefix('file:')]}:{message.get('lastLine')}: "
        f"{message['message']}"
        for message in json.loads(result.stdout)["messages"]
        if message["type"] == "error"
    ]


def axe_violations(browser, base: str, urls: list[str]) -> dict[str, list]:
    """The WCAG 2 A and AA violations axe-core finds on each page (details opened, so
    what they hold is checked too), by URL: (rule, first targets)."""
    assert AXE_JS.is_file(), "run `make test` (npm install) to get axe-core"
    # axe is injected as a script, which the page's CSP would rightly refuse.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    failures = {}
    for url in urls:
        page.goto(base + url)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
        )
        if result["violations"]:
            failures[url] = [
                (violation["id"], [node["target"] for node in violation["nodes"]][:3])
                for violation in result["violations"]
            ]
    context.close()
    return failures
