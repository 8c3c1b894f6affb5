"""The hub's rooms (issue 15): ``hub/routes/<r>.py`` handles HTTP only (parse,
authorise, call, answer); what it calls lives in a same-named home, ``hub/<r>.py`` or
``hub/<r>/``, so a newcomer finds a request's SQL from the file names alone.

Read over the syntax tree of each routes module (a module that defines ``router``):
no SQLAlchemy, no table of ``hub.tables``, no ``.execute(...)``, no HTML markup in a
string, no untyped ``request.app.state`` (a route takes ``ctx: HubDep``). Each rule is proven to break on a module written to break it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import REPO

HUB = REPO / "hub"
ROUTES = HUB / "routes"
SQL_MODULES = ("sqlalchemy", "hub.tables", "hub.db")
MARKUP = ("<html", "<table", "<tr>", "<td", "<p>", "<div", "<dl>", "<h1>")


def route_modules(folder: Path = ROUTES) -> list[Path]:
    """The modules under ``folder`` that define a ``router`` (models.py only holds bodies)."""
    found = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(
            isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "router" for t in node.targets)
            for node in tree.body
        ):
            found.append(path)
    return found


def home_of(route: Path, hub: Path = HUB) -> Path | None:
    """``hub/<r>.py`` or the package ``hub/<r>/``, whichever there is."""
    for home in (hub / route.name, hub / route.stem / "__init__.py"):
        if home.exists():
            return home
    return None


def trespasses(source: str) -> list[str]:
    """What in a routes module's ``source`` belongs in its home: SQL and markup."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.startswith(SQL_MODULES)]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.startswith(SQL_MODULES) or (
                module == "hub" and any(a.name in ("tables", "db") for a in node.names)
            ):
                found.append(f"from {module} import {', '.join(a.name for a in node.names)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "execute":
            found.append(f".execute(...) on line {node.lineno}")
        elif isinstance(node, ast.Attribute) and node.attr == "state" and isinstance(node.value, ast.Attribute):
            if node.value.attr == "app":  # the untyped app.state.hub: take ``ctx: HubDep``
                found.append(f".app.state on line {node.lineno}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [f"markup {tag!r} on line {node.lineno}" for tag in MARKUP if tag in node.value.lower()]
    return found


def test_there_are_routes_to_check() -> None:
    names = {p.stem for p in route_modules()}
    assert {"queue", "evaluations", "licences", "status", "public"} <= names
    assert "models" not in names


@pytest.mark.parametrize("route", route_modules(), ids=lambda p: p.stem)
def test_every_routes_module_has_its_home(route: Path) -> None:
    assert home_of(route) is not None, f"hub/routes/{route.name} has no hub/{route.name} (or hub/{route.stem}/)"


@pytest.mark.parametrize("route", route_modules(), ids=lambda p: p.stem)
def test_a_routes_module_holds_no_sql_and_no_markup(route: Path) -> None:
    assert trespasses(route.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "import sqlalchemy as sa",
        "from sqlalchemy import select",
        "from sqlalchemy.sql import text",
        "from hub.tables import tickets",
        "from hub import db, tables",
        "def f(conn):\n    return conn.execute(q)",
        "PAGE = '<!doctype html><html><body></body></html>'",
        "row = f'<tr><td>{x}</td></tr>'",
        "def f(request):\n    return request.app.state.hub.engine",
    ],
)
def test_each_trespass_is_seen(source: str) -> None:
    assert trespasses(source) != []


def test_a_routes_module_without_a_home_is_seen(tmp_path: Path) -> None:
    (tmp_path / "routes").mkdir()
    (tmp_path / "routes" / "rooms.py").write_text("router = APIRouter()\n", encoding="utf-8")
    (tmp_path / "routes" / "bodies.py").write_text("class Body: ...\n", encoding="utf-8")
    routes = route_modules(tmp_path / "routes")
    assert [p.stem for p in routes] == ["rooms"]
    assert home_of(routes[0], tmp_path) is None
    (tmp_path / "rooms").mkdir()
    (tmp_path / "rooms" / "__init__.py").write_text("", encoding="utf-8")
    assert home_of(routes[0], tmp_path) == tmp_path / "rooms" / "__init__.py"
