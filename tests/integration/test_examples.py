# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's EXAMPLES must run as written against a fresh emulator.

For each ``plugins/modules/*.py`` the EXAMPLES string is parsed as YAML (a list of tasks) and run
as one play on localhost; the task list must finish with rc 0.

Rules for module authors writing EXAMPLES (so they stay runnable):

* The pool starts EMPTY except for four users with these usernames (created before each run):
  ``alice``, ``bob``, ``carol``, ``dave``. Reference only these users (by username); any other
  object an example uses (groups, roles, applications, ...) must be created by an earlier task of
  the same EXAMPLES.
* Connection options come from the environment (AUTHING_HOST, AUTHING_USERPOOL_ID,
  AUTHING_USERPOOL_SECRET point at the emulator). Do not hard-code ``host``/``secret`` values;
  when an example wants to show them, use ``"{{ lookup('env', 'AUTHING_USERPOOL_SECRET') }}"``
  style expressions or ``module_defaults`` inside a ``block``.
* No undefined variables; ``register`` + ``ansible.builtin.debug``/``assert`` are fine.
* Each module's EXAMPLES run on their own (a fresh pool per module), in document order.
"""

from __future__ import annotations

import ast

import pytest
import yaml

from .conftest import REPO_ROOT

MODULES_DIR = REPO_ROOT / "plugins" / "modules"


def module_files():
    return sorted(p for p in MODULES_DIR.glob("*.py") if p.name != "__init__.py")


def examples_of(path):
    """The EXAMPLES string of a module, read without importing it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "EXAMPLES" for t in node.targets):
            return ast.literal_eval(node.value)
    return None


def test_every_module_has_examples():
    files = module_files()
    assert files, f"no modules found in {MODULES_DIR}"
    missing = [p.name for p in files if not (examples_of(p) or "").strip()]
    assert not missing, f"modules without EXAMPLES: {missing}"


@pytest.mark.parametrize("module_path", module_files(), ids=lambda p: p.stem)
def test_examples_run(module_path, emulator, run_playbook, users):
    text = examples_of(module_path)
    assert text and text.strip(), f"{module_path.name} has no EXAMPLES"
    tasks = yaml.safe_load(text)
    assert isinstance(tasks, list) and tasks, f"{module_path.name}: EXAMPLES is not a YAML list of tasks"
    assert all(isinstance(t, dict) for t in tasks), f"{module_path.name}: EXAMPLES items must be tasks"
    fqcn = f"authing.cloud.{module_path.stem}"
    assert fqcn in text, f"{module_path.name}: EXAMPLES never use {fqcn}"

    run = run_playbook(tasks)  # the pool holds the fixed users (the ``users`` fixture)
    assert run.rc == 0, f"EXAMPLES of {module_path.name} failed" + run.describe()
    failed = [t["name"] for t in run.tasks if t["status"] == "failed" and not t["ignore_errors"]]
    assert not failed, failed
