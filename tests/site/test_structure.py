"""The shape of the code: no import circle between the project's modules, no private name
(``_name``) imported from another module, dependencies that run one way between the apps,
and readers with no Django in them. Imports anywhere in a module count, inside
functions too: a circle hidden in a function is still a circle."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.paths import PROJECT_ROOT

PACKAGES = (
    "complaints_site",
    "core",
    "councils",
    "documents",
    "letters",
    "reports",
    "places",
    "briefings",
)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]):
    """(imported module, imported names) for each import of a project module."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] not in PACKAGES:
                continue
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in modules:
                    yield submodule, []
                elif source in modules:
                    yield source, [alias.name]


def _graph() -> tuple[dict[str, set[str]], list[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    private = []
    for name, path in modules.items():
        for source, names in _imports(name, path, modules):
            if source != name:
                graph[name].add(source)
            private += [
                f"{name} imports {source}.{n}"
                for n in names
                if n.startswith("_") and not n.startswith("__") and source != name
            ]
    return graph, private


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_between_the_projects_modules():
    graph, _ = _graph()
    assert len(graph) > 50  # the walk found the project
    assert _cycles(graph) == []


def test_no_private_name_is_imported_from_another_module():
    _, private = _graph()
    assert private == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def _is_test_module(name: str) -> bool:
    """A test module (``test_*``) or a conftest: neither is imported by anything else."""
    last = name.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def test_no_test_module_imports_another():
    """Shared test helpers live in tests/support/ (fixtures in tests/conftest.py), so a
    test module runs alone and its tests run once: nothing imports a test module or a
    conftest."""
    assert _is_test_module("tests.conftest") and _is_test_module("tests.site.test_structure")
    assert not _is_test_module("tests.support.paths")
    tests = list((PROJECT_ROOT / "tests").rglob("*.py"))
    assert len(tests) > 40 and (PROJECT_ROOT / "tests" / "site" / "test_structure.py") in tests
    offenders = []
    for path in tests:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [
                    f"{node.module or ''}.{alias.name}".lstrip(".") for alias in node.names
                ]
                if any(_is_test_module(n) for n in names if n):
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)} imports from {node.module}")
            elif isinstance(node, ast.Import):
                offenders += [
                    f"{path.relative_to(PROJECT_ROOT)} imports {alias.name}"
                    for alias in node.names
                    if _is_test_module(alias.name)
                ]
    assert offenders == []


def _imports_of(prefix: str) -> dict[str, set[str]]:
    """The project modules each module under ``prefix`` imports."""
    graph, _ = _graph()
    return {
        name: targets
        for name, targets in graph.items()
        if name == prefix or name.startswith(prefix + ".")
    }


def _offenders(modules: dict[str, set[str]], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{name} imports {target}"
        for name, targets in modules.items()
        for target in targets
        if target.split(".")[0] in forbidden or target in forbidden
    )


PAGES_AND_FLOW = ("documents.kinds", "documents.services", "documents.views", "documents.forms")


def test_dependencies_run_one_way():
    """core imports no app; the register imports no document app; what every document
    shares imports neither kind; neither kind imports the upload flow that sits on both."""
    assert (
        _offenders(
            _imports_of("core"), ("complaints_site", "councils", "documents", "letters", "reports")
        )
        == []
    )
    register = {
        name: targets
        for name, targets in _imports_of("councils").items()
        if name.split(".")[1:2] in (["models"], ["names"], ["matching"], ["register"], ["measures"])
    }
    assert register and _offenders(register, ("documents", "letters", "reports")) == []
    shared = {
        name: targets
        for name, targets in _imports_of("documents").items()
        if name not in PAGES_AND_FLOW
    }
    assert _offenders(shared, ("letters", "reports")) == []
    for kind in ("letters", "reports"):
        assert _offenders(_imports_of(kind), PAGES_AND_FLOW) == [], kind


def _imports_django(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "django" for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "django":
            return True
    return False


def test_the_readers_and_the_sandbox_are_pure_python():
    """What reads untrusted files runs in the sandbox's children: no Django there."""
    pure = [
        *(PROJECT_ROOT / "letters" / "parsing").rglob("*.py"),
        *(PROJECT_ROOT / "reports" / "parsing").rglob("*.py"),
        *(
            PROJECT_ROOT / "documents" / name
            for name in ("errors.py", "sniffing.py", "sandbox.py", "kinds.py")
        ),
    ]
    assert len(pure) > 20
    assert [str(p) for p in pure if _imports_django(p)] == []


def test_nothing_imports_the_briefing():
    """The committee briefing sits on top of the apps it reads: none imports it (the site's
    URLs include it by name)."""
    graph, _ = _graph()
    assert any(name.startswith("briefings.") for name in graph)
    importers = sorted(
        name
        for name, targets in graph.items()
        if not name.startswith("briefings")
        and any(target.split(".")[0] == "briefings" for target in targets)
    )
    assert importers == []
