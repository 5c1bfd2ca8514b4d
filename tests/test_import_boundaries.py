"""A service imports only itself, the shared library and the generated stubs: never another
service's package nor the launcher (okrug_local), from any of its files, tests and
migrations included. Another service's data comes over gRPC or as events; a service that
imported its peer's code would break the day the two are deployed apart.

The shared library imports no service and no launcher either. Imports are read with `ast`
(an import inside a function or under TYPE_CHECKING counts too), as are
`importlib.import_module("...")` and `__import__("...")` calls with a literal name."""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVICES_DIR = ROOT / "services"
LAUNCHER = "okrug_local"
DYNAMIC_IMPORTERS = {"import_module", "__import__"}


@dataclass(frozen=True)
class ForbiddenImport:
    line: int
    module: str


def service_packages() -> dict[str, Path]:
    """Each service's package name and the folder of all its files."""
    return {f"okrug_{folder.name}": folder for folder in sorted(SERVICES_DIR.iterdir())}


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, dotted name) of every absolute import in the source."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and _called_name(node.func) in DYNAMIC_IMPORTERS:
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.lineno, first.value))
    return found


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def forbidden_imports(source: str, forbidden: set[str]) -> list[ForbiddenImport]:
    """Imports of a package in `forbidden` (the package itself or any module under it)."""
    return [
        ForbiddenImport(line, module)
        for line, module in imported_modules(source)
        if module.split(".", 1)[0] in forbidden
    ]


def violations(folder: Path, forbidden: set[str], root: Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root)}:{hit.line} imports {hit.module}"
        for path in sorted(folder.rglob("*.py"))
        for hit in forbidden_imports(path.read_text(encoding="utf-8"), forbidden)
    ]


def test_the_services_are_the_five_known() -> None:
    """A new service joins the boundary check by its folder; this names today's five so a
    renamed folder cannot silently leave a service unchecked."""
    assert set(service_packages()) == {
        "okrug_identity",
        "okrug_schedule",
        "okrug_journal",
        "okrug_notify",
        "okrug_helpdesk",
    }
    for package, folder in service_packages().items():
        assert (folder / package / "__init__.py").is_file(), f"{folder} has no {package}"


@pytest.mark.parametrize("package", sorted(service_packages()))
def test_a_service_imports_no_other_service_nor_the_launcher(package: str) -> None:
    packages = service_packages()
    forbidden = (set(packages) - {package}) | {LAUNCHER}
    assert not violations(packages[package], forbidden)


def test_the_shared_library_imports_no_service_nor_the_launcher() -> None:
    forbidden = set(service_packages()) | {LAUNCHER}
    assert not violations(ROOT / "libs" / "okrug-common", forbidden)


def test_the_detector_finds_every_form_of_import() -> None:
    source = """
import okrug_journal
import os, okrug_local.platform as launcher
from okrug_schedule.models import Lesson
from okrug_schedule import models
from okrug_common.db import tenant_transaction
from . import sibling
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from okrug_notify.inbox import service
def later():
    import okrug_helpdesk.main
    importlib.import_module("okrug_identity.settings")
    __import__("okrug_local")
okrug_journalism = "a name, not an import"
import okrug_journalism
"""
    forbidden = {"okrug_journal", "okrug_schedule", "okrug_notify", "okrug_helpdesk"}
    forbidden |= {"okrug_identity", LAUNCHER}
    found = [(hit.line, hit.module) for hit in forbidden_imports(source, forbidden)]
    assert sorted(found) == [
        (2, "okrug_journal"),
        (3, "okrug_local.platform"),
        (4, "okrug_schedule.models"),
        (5, "okrug_schedule"),
        (10, "okrug_notify.inbox"),
        (12, "okrug_helpdesk.main"),
        (13, "okrug_identity.settings"),
        (14, "okrug_local"),
    ]


def test_a_violation_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    """The check over a folder fails on a test file of a service that imports a peer."""
    service = tmp_path / "services" / "schedule"
    (service / "tests").mkdir(parents=True)
    (service / "tests" / "test_x.py").write_text("from okrug_journal.models import Mark\n")
    (service / "ok.py").write_text("from okrug_schedule import models\n")
    found = violations(service, {"okrug_journal", LAUNCHER}, root=tmp_path)
    assert found == ["services/schedule/tests/test_x.py:1 imports okrug_journal.models"]
