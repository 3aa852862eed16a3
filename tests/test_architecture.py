"""The package's layers (docs/architecture.md): every import points downwards or stays in its own layer.

Read from the source with ``ast`` (imports inside functions count too), so a new upward import fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import stratgraph

PACKAGE = Path(stratgraph.__file__).parent
# bottom to top; a module may import its own layer and any layer listed before it
LAYERS = ["errors", "config", "model", "store", "strategies", "coverage", "progress", "release", "api", "cli"]
OUTSIDE = {"__init__", "__main__"}  # the package's door: re-exports and ``python -m``


def layer_of(module: str) -> str:
    """The layer of a module named below the package: ``api.state`` → ``api``."""
    return module.split(".")[0]


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute stratgraph module) of every import in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("stratgraph"):
            found.append((node.lineno, node.module))
            if node.module == "stratgraph":
                found += [(node.lineno, f"stratgraph.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("stratgraph")]
        if isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "relative"))
    return found


def test_every_module_lives_in_a_layer() -> None:
    top = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir() if p.suffix == ".py" or p.is_dir()}
    top -= {"templates", "static", "__pycache__"}
    assert top - OUTSIDE == set(LAYERS)


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if own in OUTSIDE:
            continue
        for line, module in imports(path):
            assert module != "relative", f"{path}:{line}: relative import (the package imports absolutely)"
            target = layer_of(module.removeprefix("stratgraph.")) if module != "stratgraph" else None
            if target in LAYERS and LAYERS.index(target) > LAYERS.index(own):
                upward.append(f"{path.relative_to(PACKAGE)}:{line} ({own}) → {module} ({target})")
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The test above can fail: an import from ``api`` inside a function of the model is found."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from stratgraph.api.state import service\n    return service\n")
    assert imports(module) == [(2, "stratgraph.api.state")]
    assert LAYERS.index(layer_of("api.state")) > LAYERS.index("model")
