"""No circle of imports between the files of a room.

Every import counts, the ones inside functions too (a circle hidden in a function is still a
circle), except those under ``if TYPE_CHECKING:``, which never run. The layers contract keeps
the arrows between rooms pointing down; this keeps them one way inside each room.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROOMS = ("csoa", "chatter", "reports", "feeds", "incidents", "groups", "members", "kit")

# The development bench: one runner and the benches it runs, which borrow its helpers. It
# is never imported by production (the layers' "development tooling" contract).
ALLOWED = [
    {
        "csoa.dev.bench",
        "csoa.dev.bench_chatter",
        "csoa.dev.bench_feeds",
        "csoa.dev.bench_groups",
        "csoa.dev.bench_notifications",
        "csoa.dev.bench_satellite",
    },
]


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def production_modules(root: Path = ROOT) -> dict[str, Path]:
    modules = {}
    for room in ROOMS:
        for path in (root / room).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            modules[_module_name(path, root)] = path
    return modules


def _under_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST):
    """Every import statement, wherever it stands, but for TYPE_CHECKING blocks."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _under_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def arrows(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the project modules it imports by name."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = []
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    targets.append(submodule if submodule in modules else base)
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[set[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_circle_between_the_files_of_a_room():
    found = [c for c in circles(arrows(production_modules())) if c not in ALLOWED]
    assert not found, "circles of imports:\n" + "\n".join(" <-> ".join(sorted(c)) for c in found)


def _rooms(folder: Path, files: dict[str, str]) -> dict[str, Path]:
    for room in ROOMS:
        (folder / room).mkdir()
        (folder / room / "__init__.py").write_text("")
    for name, text in files.items():
        (folder / name).write_text(text)
    return production_modules(folder)


def test_a_circle_hidden_in_a_function_is_found(tmp_path):
    modules = _rooms(
        tmp_path,
        {
            "kit/circle_a.py": "def f():\n    from kit import circle_b\n",
            "kit/circle_b.py": "from .circle_a import f\n",
        },
    )
    assert circles(arrows(modules)) == [{"kit.circle_a", "kit.circle_b"}]


def test_imports_only_for_type_hints_draw_no_arrow(tmp_path):
    modules = _rooms(
        tmp_path,
        {
            "kit/a.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kit.b import B\n"
            ),
            "kit/b.py": "from kit.a import A\n",
        },
    )
    graph = arrows(modules)
    assert graph["kit.a"] == set()
    assert graph["kit.b"] == {"kit.a"}
    assert circles(graph) == []
