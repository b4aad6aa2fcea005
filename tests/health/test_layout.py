"""The health app's shape: modules by subdomain under 600 lines, no import hidden in a function,
access reading no health model, one lookup for every API view."""

import ast
import inspect
import pathlib

import pytest

import health
from health import api

ROOT = pathlib.Path(health.__file__).parent
MODULES = sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_no_health_module_is_past_600_lines(path):
    assert len(path.read_text().splitlines()) <= 600


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_no_health_module_imports_inside_a_function(path):
    tree = ast.parse(path.read_text())
    hidden = [
        node.lineno
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    assert hidden == []


def test_access_reads_no_health_model():
    tree = ast.parse((ROOT / "access.py").read_text())
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not {name for name in imported if name.startswith("health.models")}


def test_every_api_view_of_records_uses_the_one_lookup():
    views = [
        view
        for _name, view in inspect.getmembers(api, inspect.isclass)
        if view.__module__ == api.__name__ and "get_queryset" in vars(view)
    ]
    assert views == [api.VisibleRecords]
    assert (
        len(
            [
                v
                for _n, v in inspect.getmembers(api, inspect.isclass)
                if issubclass(v, api.VisibleRecords)
            ]
        )
        == 10
    )
