"""No import cycle anywhere in the product packages (issue 15).

A cycle makes the import order matter and a module impossible to read (or test) on its
own: ``launcher/cmd_hub.py`` and ``cmd_hub_pair.py``, ``hub/tables.py`` and
``hub/city/tables.py`` imported each other. The graph is grimp's (what import-linter
reads), lazy imports inside functions included.
"""

from __future__ import annotations

import grimp

from tests.contracts.test_import_contracts import PACKAGES


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The graph's strongly connected groups of more than one module (each a cycle or a
    knot of cycles), sorted; iterative Tarjan, so deep graphs do not hit the recursion limit."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return sorted(found)


def test_no_import_cycle_in_the_product_packages() -> None:
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert cycles(graph) == []


def test_a_cycle_is_found_however_long() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in [
        ("a.x", "a.y"),
        ("a.y", "a.z"),
        ("a.z", "a.x"),
        ("a.z", "b"),
        ("c", "c.d"),
        ("c.d", "c"),
    ]:
        graph.add_import(importer=importer, imported=imported)
    graph.add_module("lone")
    assert cycles(graph) == [["a.x", "a.y", "a.z"], ["c", "c.d"]]
