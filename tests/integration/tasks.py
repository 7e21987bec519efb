# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Building playbook tasks in tests, and reading the emulator requests they made."""

# Keys of a module's result that only the server sets; a diff must not show them.
TIMESTAMP_KEYS = ("created_at", "updated_at")


def task_factory(default_module):
    """``task(label, module=..., **args)``: one task; args with a leading ``_`` are task keywords
    (``_check_mode``, ``_register``, ``_ignore_errors``), the rest are the module's options."""
    def task(task_name, /, module=default_module, **args):
        keywords = {key[1:]: args.pop(key) for key in list(args) if key.startswith("_")}
        return dict({"name": task_name, module: args}, **keywords)
    return task


OPS_FORMS = ("set", "sorted", "sent")


def ops(entries, kind=None, form="set"):
    """The ``operation`` of request-log entries (``emulator.requests()``, ``emulator.writes()``,
    ``run.writes(name)``, ``run.task(name)["requests"]``); only those of ``kind`` ("read",
    "write") when given.

    ``form``: ``"set"`` - sorted, each operation once (which calls were made); ``"sorted"`` -
    sorted with repeats (how many of each); ``"sent"`` - every request in the order it was sent.
    """
    if form not in OPS_FORMS:
        raise ValueError(f"form must be one of {OPS_FORMS}, not {form!r}")
    names = [e.get("operation") for e in entries if kind is None or e.get("kind") == kind]
    if form == "set":
        return sorted(set(names))
    if form == "sorted":
        return sorted(names)
    return names
