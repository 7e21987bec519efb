# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Building playbook tasks in tests."""


def task_factory(default_module):
    """``task(label, module=..., **args)``: one task; args with a leading ``_`` are task keywords
    (``_check_mode``, ``_register``, ``_ignore_errors``), the rest are the module's options."""
    def task(label, /, module=default_module, **args):
        keywords = {key[1:]: args.pop(key) for key in list(args) if key.startswith("_")}
        return dict({"name": label, module: args}, **keywords)
    return task
