"""The architecture, checked on every module of the project (new ones included).

Dependencies point one way: programs → ``services.centers`` → ``licang.registry`` → the
plumbing in ``licang``; programs never import each other; and no project import hides inside a
function to dodge a cycle. ``lint-imports`` (pyproject.toml) holds the same layers in CI; this test
names the offending line.
"""

from __future__ import annotations

import ast
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["licang", "services", "eldercare", "health", "housing"]
# Only these name every app, by dotted strings or dynamic discovery, never by import.
EVERYWHERE = {"licang.urls", "licang.settings"}


def project_modules() -> list[tuple[str, Path]]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found.append((".".join(parts), path))
    return found


def room(module: str) -> str:
    """The room a module lives in: a program, the centers, the registry or the plumbing."""
    parts = module.split(".")
    if parts[0] == "services":
        return ".".join(parts[:2]) if len(parts) > 1 else "services"
    if parts[0] == "licang":
        if parts[1:2] in (["registry"], ["outbox"]):
            return f"licang.{parts[1]}"
        return "licang"
    return parts[0]


def is_program(name: str) -> bool:
    return name not in {
        "licang",
        "licang.registry",
        "licang.outbox",
        "services.centers",
        "services",
    }


def allowed(source: str, target: str) -> bool:
    """Whether room ``source`` may import room ``target``."""
    if source == target:
        return True
    if is_program(source):
        return not is_program(target)
    if source == "services.centers":
        return target in {"licang.registry", "licang"}
    if source == "licang.outbox":  # the messages every program queues: above the registry
        return target in {"licang.registry", "licang"}
    if source == "licang.registry":
        return target == "licang"
    return False  # the plumbing imports nothing above it


def imports_of(path: Path) -> list[tuple[int, str, bool]]:
    """(line, imported module, inside a function) for each project import of ``path``."""
    # parsed in a thread of its own, at the bottom of a fresh stack: CPython 3.11.7's parser can
    # fail with "AST constructor recursion depth mismatch" when called deep in a stack whose
    # recursion limit another test (hypothesis) may have moved (seen once in the full suite)
    with ThreadPoolExecutor(max_workers=1) as parser:
        tree = parser.submit(ast.parse, path.read_text(), filename=str(path)).result()
    found: list[tuple[int, str, bool]] = []

    def visit(node: ast.AST, in_function: bool, type_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            typing_block = type_only or (
                isinstance(child, ast.If)
                and isinstance(child.test, ast.Name)
                and child.test.id == "TYPE_CHECKING"
            )
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                names = [child.module]
                if child.module in PACKAGES or child.module == "services":
                    names = [f"{child.module}.{alias.name}" for alias in child.names]
            for name in names:
                if name.split(".")[0] in PACKAGES and not typing_block:
                    found.append((child.lineno, name, in_function))
            visit(child, inside, typing_block)

    visit(tree, False, False)
    return found


MODULES = project_modules()


def test_the_project_has_the_rooms_of_the_layout():
    rooms = {room(module) for module, _path in MODULES}
    assert {"licang", "licang.registry", "services.centers", "services.desk", "health"} <= rooms


@pytest.mark.parametrize("module,path", MODULES, ids=[m for m, _p in MODULES])
def test_every_module_imports_only_its_own_room_and_the_rooms_below(module, path):
    if module in EVERYWHERE:
        return
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for line, target, _inside in imports_of(path)
        if not allowed(room(module), room(target))
    ]
    assert wrong == []


@pytest.mark.parametrize("module,path", MODULES, ids=[m for m, _p in MODULES])
def test_no_project_import_hides_inside_a_function(module, path):
    hidden = [
        f"{path.relative_to(ROOT)}:{line} imports {target} inside a function"
        for line, target, inside in imports_of(path)
        if inside
    ]
    assert hidden == []


def test_the_rule_refuses_a_program_importing_another_program():
    assert not allowed("health", "services.desk")
    assert not allowed("services.centers", "services.desk")
    assert not allowed("licang.registry", "services.centers")
    assert not allowed("licang", "licang.registry")
    assert allowed("health", "licang.registry")
    assert allowed("services.desk", "services.centers")
