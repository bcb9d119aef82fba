"""The rooms import one way (the import-linter contracts in pyproject.toml), and the check
fails when an arrow runs the wrong way."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).parent / "lint-imports"


def lint(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache"],
        cwd=folder,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _local_packages() -> list[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["root_packages"]


def test_the_rooms_keep_their_contracts():
    answer = lint(ROOT)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert "0 broken" in answer.stdout


def test_every_app_of_the_project_is_in_the_contracts():
    """A new room (chatter, groups) must join the order: an app that is not a root package
    of the contracts is not checked at all."""
    from django.apps import apps

    tops = {config.name.split(".")[0] for config in apps.get_app_configs()}
    local = {top for top in tops if (ROOT / top / "__init__.py").exists()} - {"tests"}
    assert local == set(_local_packages())
    packages = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert packages <= local, packages - local  # every room on disk is installed and checked


@pytest.fixture(scope="module")
def copy_of_the_code(tmp_path_factory) -> Path:
    """The project's packages and its contracts, in a folder of their own."""
    folder = tmp_path_factory.mktemp("layers")
    shutil.copy(ROOT / "pyproject.toml", folder)
    for package in _local_packages():
        shutil.copytree(
            ROOT / package, folder / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return folder


@pytest.mark.parametrize(
    ("module", "wrong_import", "contract"),
    [
        ("members/wrong_way.py", "import incidents.models", "import one way"),
        ("kit/wrong_way.py", "from members import access", "import one way"),
        ("incidents/wrong_way.py", "import feeds.models", "import one way"),
        ("feeds/wrong_way.py", "from reports import summary", "import one way"),
        ("reports/wrong_way.py", "import csoa.views", "import one way"),
        ("incidents/wrong_way.py", "from csoa.dev import generate", "development tooling"),
    ],
)
def test_an_arrow_the_wrong_way_breaks_a_contract(copy_of_the_code, module, wrong_import, contract):
    added = copy_of_the_code / module
    added.write_text(f'"""An import against the order."""\n\n{wrong_import}\n')
    try:
        answer = lint(copy_of_the_code)
    finally:
        added.unlink()
    assert answer.returncode != 0
    broken = [line for line in answer.stdout.splitlines() if " BROKEN" in line]
    assert any(contract in line for line in broken), answer.stdout
    assert lint(copy_of_the_code).returncode == 0  # and without it, all is kept again
