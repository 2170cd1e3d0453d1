"""The core stays Qt-free and loads mediapipe only inside the estimator."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import coach

FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "ui")


def test_importing_every_core_module_loads_no_qt_and_no_mediapipe() -> None:
    modules = [
        m.name
        for m in pkgutil.walk_packages(coach.__path__, "coach.")
        if m.name != "coach.__main__"
    ]
    assert "coach.cli" in modules and "coach.vision.pose" in modules
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.split())
    assert "coach" in loaded
    assert not loaded & {*FORBIDDEN, "mediapipe"}, loaded & {*FORBIDDEN, "mediapipe"}


def test_only_the_estimator_imports_mediapipe() -> None:
    importers = sorted(
        path.name
        for path in Path(coach.__file__).parent.rglob("*.py")
        if re.search(r"^\s*(import|from)\s+mediapipe\b", path.read_text(), re.MULTILINE)
    )
    assert importers == ["pose.py"]


def test_the_wheel_ships_the_app_and_nothing_else() -> None:
    # setuptools packages exactly the packages pyproject.toml lists (checked by building a wheel
    # by hand: coach, coach/coaching, coach/vision, ui and nothing else); every package of the
    # app is listed, the tools and the tests are not.
    import tomllib

    config = tomllib.loads((Path(coach.__file__).parents[1] / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    root = Path(coach.__file__).parents[1]
    app = {
        ".".join(init.parent.relative_to(root).parts)
        for top in ("coach", "ui")
        for init in (root / top).rglob("__init__.py")
    }
    assert listed == app
    assert not {p for p in listed if p.split(".")[0] in ("tools", "tests")}
