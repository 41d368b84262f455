"""Imports go one way: the request layer (views, exports, admin) calls selectors and
services, which use the models; the ingest text stages know no database; nothing that
runs in production imports the development data. A new import against that fails here."""

import ast

import pytest

from tests.tools import ROOT

REQUEST_LAYER = {"events.timeline.views", "events.exports", "events.admin", "events.urls",
                 "events.commitments.views", "events.commitments.exports",
                 "events.relations.views"}  # fmt: skip
BELOW_REQUESTS = [
    "events.models",
    "events.timeline.selectors",
    "events.ingest.store",
    "events.curation.services",
    "events.timeline.filters",
    "events.commitments.selectors",
    "events.commitments.filters",
    "events.relations.selectors",
    "events.relations.chart",
    "events.caching",
    "events.tallies",
    "events.timeline.chart",
    "events.ingest.tasks",
    "events.throttle",
    "events.stamps",
    "events.documents",
    "events.indexes",
    "events.triggers",
    "events.csv_lines",
    "events.dates",
    "events.visibility",
]
BELOW_MODELS = {
    "events.timeline.selectors",
    "events.timeline.filters",
    "events.ingest.store",
    "events.curation.services",
    "events.caching",
}


def imports_of(module: str) -> set[str]:
    """Every module `module` (a dotted name, or a file under the project) imports, at the
    top or inside a function, as dotted names (`from events.ingest import store` counts as
    events.ingest.store)."""
    if module.endswith(".py"):
        paths = [ROOT / module]
    elif (ROOT / (module.replace(".", "/") + ".py")).exists():
        paths = [ROOT / (module.replace(".", "/") + ".py")]
    else:  # a package: what any of its modules imports
        paths = sorted((ROOT / module.replace(".", "/")).glob("*.py"))
    found = set()
    for node in (n for path in paths for n in ast.walk(ast.parse(path.read_text()))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def modules_under(*packages: str) -> list[str]:
    """The files of these packages, migrations left out."""
    return sorted(
        str(path.relative_to(ROOT))
        for package in packages
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


@pytest.mark.parametrize("module", BELOW_REQUESTS)
def test_what_serves_requests_is_imported_by_nothing_below_it(module):
    reaching_up = {
        name
        for name in imports_of(module)
        if any(name == up or name.startswith(up + ".") for up in REQUEST_LAYER)
    }
    assert not reaching_up, f"{module} imports the request layer: {sorted(reaching_up)}"


def test_models_import_no_reads_or_writes_built_on_them():
    above = {
        name
        for name in imports_of("events.models")
        if any(name == up or name.startswith(up + ".") for up in BELOW_MODELS)
    }
    assert not above, f"events.models imports {sorted(above)}"


# What ingest stores and runs, beside its text stages.
INGEST_WRITES = {
    "events/ingest/store.py",
    "events/ingest/joining.py",
    "events/ingest/tasks.py",
    "events/ingest/evaluation.py",
    "events/ingest/fulfilments.py",
}


@pytest.mark.parametrize(
    "module", [m for m in modules_under("events/ingest") if m not in INGEST_WRITES]
)
def test_the_ingest_text_stages_know_no_database(module):
    allowed_events = ("events.ingest", "events.dates")
    wrong = {
        name
        for name in imports_of(module)
        if name.startswith(("django.db", "django.apps", "django.conf"))
        or (name.startswith("events") and not name.startswith(allowed_events))
    }
    assert not wrong, f"{module} imports {sorted(wrong)}"


@pytest.mark.parametrize("module", modules_under("events", "diplo"))
def test_nothing_production_runs_imports_the_development_data(module):
    wrong = {name for name in imports_of(module) if name.split(".")[0] == "devdata"}
    assert not wrong, f"{module} imports {sorted(wrong)}"


def test_the_check_sees_imports_inside_functions_too():
    # events.apps imports its signal handlers inside ready(): they must be seen.
    assert "events.caching" in imports_of("events.apps")
