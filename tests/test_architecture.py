"""The layout the house style asks for, checked on the source: dependencies point one way, tooling
stays out of the product, nobody imports another module's private name, programs/ has its three
rooms, and registries refuse a second registration."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("network", "programs", "campus", "events")
# What each app may import from the project: network is the base, programs builds on it, campus and
# events on both; config wires them together; bench and each app's demo/ are tooling.
MAY_IMPORT = {
    "network": {"network"},
    "programs": {"network", "programs"},
    "campus": {"network", "programs", "campus"},
    "events": {"network", "programs", "events"},
}
ROOMS = ("calls", "cooperation", "knowledge")


def _modules(top: str) -> list[Path]:
    return [p for p in (ROOT / top).rglob("*.py") if "migrations" not in p.parts]


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, imported names) of every absolute import in `path`, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(ROOT).with_suffix("").parts)
    if package[-1] == "__init__":
        package = package[:-1]
    else:
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append((module, [alias.name for alias in node.names]))
    return found


def _is_tooling(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "demo" in parts or parts[0] == "bench" or "management" in parts


@pytest.mark.parametrize("app", APPS)
def test_dependencies_point_one_way(app):
    wrong = sorted({(str(path.relative_to(ROOT)), module) for path in _modules(app) if not _is_tooling(path)
                    for module, _names in _imports(path)
                    if module.split(".")[0] in (*APPS, "bench") and module.split(".")[0] not in MAY_IMPORT[app]})
    assert wrong == []


def test_product_code_never_imports_demo_or_bench():
    wrong = sorted({(str(path.relative_to(ROOT)), module) for app in (*APPS, "config") for path in _modules(app)
                    if not _is_tooling(path) for module, _names in _imports(path)
                    if module.split(".")[0] == "bench" or ".demo" in f".{module}" or module.endswith(".demo")})
    # config/urls.py mounts the bench's bare reference page, and only when settings.BENCH is on.
    assert wrong == [("config/urls.py", "bench.views")]


def test_no_module_imports_another_modules_private_name():
    wrong = []
    for top in (*APPS, "config", "bench", "tests"):
        for path in _modules(top):
            for module, names in _imports(path):
                if module.split(".")[0] not in (*APPS, "config", "bench", "tests"):
                    continue
                private = [n for n in names if n.startswith("_") and not n.startswith("__")]
                if private or any(part.startswith("_") and part != "__init__" for part in module.split(".")):
                    wrong.append((str(path.relative_to(ROOT)), module, private))
    assert wrong == []


def test_programs_is_three_rooms_with_the_house_layout():
    root = ROOT / "programs"
    # translation.py: the app-level declaration django-modeltranslation discovers (translated content).
    assert sorted(p.name for p in root.glob("*.py")) == ["__init__.py", "admin.py", "apps.py", "models.py",
                                                         "translation.py", "urls.py"]
    for room in ROOMS:
        names = {p.stem for p in (root / room).iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}
        assert {"models", "enums", "services", "selectors", "forms", "views", "urls", "admin", "hooks"} <= names, room


def test_every_registry_refuses_a_second_registration():
    from network.plan.figures import FIGURE_SOURCES
    from network.plan.figures import register_figures
    from network.portal_panels import PANELS
    from network.portal_panels import register_portal_panel
    from network.programmes import PROGRAMME_SUMMARIES
    from network.programmes import register_programme_summary
    from network.registry import DuplicateRegistration
    from network.search import SEARCH_KINDS
    from network.search import register_search_kind
    from network.subjects import SUBJECTS
    from network.subjects import register_subject
    from network.sweeps import SWEEPS
    from network.sweeps import register_sweep
    from network.upcoming import CALENDAR_PROVIDERS
    from network.upcoming import UPCOMING_PROVIDERS
    from network.upcoming import register_calendar_provider
    from network.upcoming import register_upcoming_provider
    from network.workflow import WORKFLOWS
    from network.workflow import Workflow
    from programs.calls.kinds import REGISTRY
    from programs.calls.kinds import register
    from programs.cooperation.models import Microrred

    attempts = {
        "sweep": lambda: register_sweep("call-deadline-reminders", lambda now: 0),
        "panel": lambda: register_portal_panel(PANELS.get("cooperation")),
        "subject": lambda: register_subject(Microrred, SUBJECTS.get("programs.microrred")),
        "upcoming": lambda: register_upcoming_provider(UPCOMING_PROVIDERS.values()[0]),
        "calendar": lambda: register_calendar_provider(CALENDAR_PROVIDERS.values()[0]),
        "programme": lambda: register_programme_summary("webinars", PROGRAMME_SUMMARIES.get("webinars")),
        "figures": lambda: register_figures(FIGURE_SOURCES.get("calls")),
        "sweep twice": lambda: register_sweep(SWEEPS.keys()[0], SWEEPS.values()[0]),
        "workflow": lambda: Workflow("application", []),
        "call kind": lambda: register("microrred", REGISTRY.get("microrred").form_class),
        "search kind": lambda: register_search_kind(SEARCH_KINDS.get("practices")),
    }
    refused = []
    for name, attempt in attempts.items():
        with pytest.raises(DuplicateRegistration):
            attempt()
        refused.append(name)
    assert refused == list(attempts) and "application" in WORKFLOWS
