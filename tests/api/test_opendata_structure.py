"""Where the open data sits: on top of everything else. It reads the other apps through
their selectors and public names (no private name imported), and nothing else imports it
(the site's base template loads its feed links by name)."""

import ast

from tests.support.paths import PROJECT_ROOT

APPS = ("complaints_site", "core", "councils", "documents", "letters", "reports", "places")


def _imports(path) -> list[tuple[str, list[str]]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
    return found


def test_nothing_else_imports_the_open_data():
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)} imports {module}"
        for app in APPS
        for path in (PROJECT_ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for module, _ in _imports(path)
        if module.split(".")[0] == "opendata"
    ]
    assert offenders == []


def test_the_open_data_imports_no_private_name_of_another_module():
    modules = list((PROJECT_ROOT / "opendata").rglob("*.py"))
    assert len(modules) > 10
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)} imports {module}.{name}"
        for path in modules
        for module, names in _imports(path)
        if module.split(".")[0] in (*APPS, "opendata")
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert offenders == []
