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
