# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every shell command printed in README.md and docs/**/*.md runs, as printed, against a real emulator.

The commands are the lines of the fenced ``bash`` / ``sh`` / ``shell`` / ``console`` blocks
(backslash continuations and here-documents joined; ``console`` blocks: the ``$ `` lines). Each
documentation file is read top to bottom in one bash session, as a reader would type it: exported
variables, ``cd`` and background processes carry over from one block to the next.

Where the reader's machine differs from the test machine, the text is adapted, and nothing else:

* the session starts in a scratch copy of this collection (the files git would commit), installed
  on ``ANSIBLE_COLLECTIONS_PATH``, with the test venv first on ``PATH`` (``ansible-playbook``,
  ``authing-emulator``, ``python3``) and ``VENV`` pointing at it (``scripts/*`` use it);
* ``AUTHING_HOST`` / ``AUTHING_USERPOOL_ID`` / ``AUTHING_USERPOOL_SECRET`` point at one emulator
  shared by the whole module (reset and seeded with a group and a user before each file);
  ``https://core.authing.cn`` in a command becomes that emulator, ``read -rs VAR`` reads its secret;
* port ``8080`` becomes a free port and ``/tmp/`` a scratch directory;
* placeholders the reader writes themselves are generated: ``my-tenant.yml`` (a small spec),
  ``site.yml`` (a playbook that manages a group), ``secrets.vault.yml`` (a plain vars file with
  ``vault_initial_password``);
* an ``authing-emulator`` line without ``&`` (which blocks in a terminal, "run it in another
  one") is started in the background and must print ``listening on http://...``.

A command fails the test when it exits non-zero, when an ``ansible-playbook`` run matches no host
("no hosts matched", "skipping: no hosts") or prints no PLAY RECAP, when an ``ansible-playbook
--check`` against the shared emulator sends a write request (its request log), and when a command
commented ``# changed=0`` reports a change. Commands that cannot run here are listed in
``ALLOWED`` with the reason; an entry that no longer matches a documented command fails too.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from .conftest import REPO_ROOT

VENV_BIN = Path(sys.executable).parent
SHELL_LANGS = {"bash", "sh", "shell", "console", "shell-session", "zsh"}
SESSION_TIMEOUT = 900
DOC_PORT = "8080"

# Documented commands that are not run, exactly as printed (whitespace collapsed, comment removed).
ALLOWED = {
    "scripts/test": "the whole test suite; this test runs inside it (its pytest step)",
    "scripts/demo": "scripts/test runs it as its demo step (and test_smoke_matrix.py the same bootstrap)",
    "ansible-galaxy collection install authing.cloud":
        "downloads from Ansible Galaxy (network); scripts/test galaxy-build installs the built tarball",
    "ansible-galaxy collection install -r requirements.yml":
        "downloads from Ansible Galaxy (network); a requirements.yml the reader writes",
    "python3 -m pip install -r requirements.txt":
        "installs into the reader's Python from PyPI; scripts/bootstrap installs it into .venv",
    "python3 -m pip install requests cryptography":
        "installs into the reader's Python from PyPI; scripts/bootstrap installs them into .venv",
    "python3 -m pip install ./tests/emulator":
        "installs into the reader's Python; scripts/bootstrap installs the same path into .venv "
        "(pip install -e tests/emulator), whose authing-emulator the following commands use",
    "python3 -m pip install ansible-builder":
        "installs into the reader's Python from PyPI; test-requirements.txt has it in .venv",
    "ansible-vault encrypt_string --ask-vault-pass --name authing_secret >> inventories/prod/host_vars/acme-prod.yml":
        "prompts for a vault password and the secret; test_many_tenants.py encrypts and reads vaulted secrets",
    "ansible-playbook -i inventories/prod playbooks/bootstrap.yml --ask-vault-pass --check --diff":
        "prompts for a vault password; inventories/prod is the reader's own inventory of real tenants",
    "ansible-playbook -i inventories/tenants playbooks/bootstrap.yml --forks 10 --ask-vault-pass":
        "prompts for a vault password; inventories/tenants names real Authing hosts "
        "(test_many_tenants.py runs it against emulators)",
    "ansible-playbook -i inventories/tenants playbooks/export.yml -e export_dir=$PWD/exports --ask-vault-pass":
        "prompts for a vault password; inventories/tenants names real Authing hosts",
    "ansible-playbook playbooks/bootstrap.yml -e tenant_spec_file=$PWD/tenant.yml -e @secrets.vault.yml "
    "--ask-vault-pass":
        "prompts for a vault password (the same run without the prompt is in the clone example)",
    "ansible-builder build -f execution-environment.yml -t registry.example.com/authing-cloud-ee:1.0.0":
        "builds a container image: needs podman or docker (scripts/test ee-create runs ansible-builder create)",
    "podman push registry.example.com/authing-cloud-ee:1.0.0": "pushes an image to a registry",
    "ansible-test sanity --local --python 3.13 --test validate-modules -v":
        "the sanity step of scripts/test runs ansible-test sanity on the same tree (minutes)",
}

# Documented commands whose purpose, in the state the session gives them, is to fail: exactly this exit
# status and this text in the output, or the test fails (the session then goes on).
EXPECTED_FAILURES = {
    "ansible-playbook playbooks/drift.yml -e tenant_spec_file=$PWD/my-tenant.yml -e drift_fail=true": (
        2, "has drifted from its spec",
        "drift_fail=true fails the job when the tenant drifted; the seeded tenant was never brought to my-tenant.yml"),
}

# Files the reader creates before the documented command uses them (in the session's directory).
SPEC = {"tenant_spec": {
    "groups": [{"code": "developers", "name": "Developers"}],
    "users": [{"username": "ada", "email": "ada@example.com", "groups": ["developers"]}],
}}
SITE = [{
    "name": "Desired state of the Authing user pool", "hosts": "localhost", "connection": "local",
    "gather_facts": False,
    "tasks": [{"name": "Ensure the engineering group exists",
               "authing.cloud.authing_group": {"code": "engineering", "name": "Engineering"}}],
}]
GENERATED = {
    "my-tenant.yml": "---\n" + yaml.safe_dump(SPEC, sort_keys=False),
    "site.yml": "---\n" + yaml.safe_dump(SITE, sort_keys=False),
    "secrets.vault.yml": "---\nvault_initial_password: Docs-Test-Initial-1\n",
}


# ------------------------------------------------------------------------------------------
# extraction
# ------------------------------------------------------------------------------------------

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)\n(?P<body>.*?)"
                   r"^(?P=indent)(?P=fence)[ \t]*$", re.M | re.S)
HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


@dataclass
class Command:
    path: str       # relative to the repository
    line: int       # 1-based line of the command in the file
    text: str       # as printed (continuations and here-document included), prompt removed
    code: str = ""  # text without trailing comments
    comment: str = ""
    index: int = 0

    @property
    def normalized(self):
        first = self.code.split("\n<<HEREDOC>>", maxsplit=1)[0]
        return " ".join(first.replace("\\\n", " ").split())

    @property
    def program(self):
        words = self.normalized.split()
        while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
            words = words[1:]
        return words[0] if words else ""

    @property
    def where(self):
        return f"{self.path}:{self.line}"


def strip_comment(line):
    """(code, comment) of one shell line: a # that starts a word, outside quotes, starts a comment."""
    quote = None
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
            elif char == "\\" and quote == '"':
                continue
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip(), line[i + 1:].strip()
    return line.rstrip(), ""


def split_commands(path, start_line, body, console):
    lines = body.split("\n")
    commands, i = [], 0
    while i < len(lines):
        line, lineno = lines[i], start_line + i
        if console:
            if not line.startswith("$ "):
                i += 1
                continue
            line = line[2:]
        if not line.strip() or line.strip().startswith("#"):
            i += 1
            continue
        parts = [line]
        while parts[-1].rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            nxt = lines[i]
            parts.append(nxt[2:] if console and nxt.startswith("> ") else nxt)
        code_lines, comments = [], []
        for part in parts:
            code, comment = strip_comment(part)
            code_lines.append(code)
            if comment:
                comments.append(comment)
        code = "\n".join(code_lines)
        text = "\n".join(parts)
        heredoc = HEREDOC.search(code)
        if heredoc:
            body_lines = []
            while i + 1 < len(lines):
                i += 1
                body_lines.append(lines[i])
                if lines[i].strip() == heredoc.group(2):
                    break
            text += "\n" + "\n".join(body_lines)
            code += "\n<<HEREDOC>>\n" + "\n".join(body_lines)
        commands.append(Command(path, lineno, text, code, " ".join(comments)))
        i += 1
    return commands


def doc_files():
    return [REPO_ROOT / "README.md"] + sorted((REPO_ROOT / "docs").rglob("*.md"))


def blocks(path):
    """(language, first body line, body) of the fenced blocks of a Markdown file."""
    text = path.read_text()
    for match in FENCE.finditer(text):
        info = match.group("info").strip()
        lang = info.split()[0].lower() if info else ""
        indent = match.group("indent")
        body = "\n".join(line[len(indent):] if line.startswith(indent) else line
                         for line in match.group("body").rstrip("\n").split("\n"))
        yield lang, text[:match.start("body")].count("\n") + 1, body


def documented_commands(path):
    rel = str(path.relative_to(REPO_ROOT))
    commands = []
    for lang, start, body in blocks(path):
        if lang in SHELL_LANGS:
            commands += split_commands(rel, start, body, console=lang in {"console", "shell-session"})
    for n, command in enumerate(commands):
        command.index = n
    return commands


def python_blocks(path):
    return [(start, body) for lang, start, body in blocks(path) if lang in {"python", "py"}]


ALL_COMMANDS = [c for f in doc_files() for c in documented_commands(f)]
FILES_WITH_COMMANDS = sorted({c.path for c in ALL_COMMANDS})


# ------------------------------------------------------------------------------------------
# the bash session of one file
# ------------------------------------------------------------------------------------------

PRELUDE = r'''
exec 2>&1
__doc_seq() {
    "$DOC_PYTHON" - "$DOC_EMULATOR_URL" <<'PY' 2>/dev/null || echo -1
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/__emulator__/requests", timeout=10) as response:
    log = json.load(response)["requests"]
print(max([entry["seq"] for entry in log] or [0]))
PY
}
__doc_begin() { printf '\n@@@BEGIN %s %s %s\n' "$1" "$(__doc_seq)" "${AUTHING_HOST:-}"; }
__doc_end() {
    printf '\n@@@END %s %s %s\n' "$1" "$2" "$(__doc_seq)"
    [ "$2" -eq 0 ] || exit "$2"
}
__doc_end_expect() {   # index, status, expected status
    printf '\n@@@END %s %s %s\n' "$1" "$2" "$(__doc_seq)"
    [ "$2" -eq "$3" ] || exit "$(( $2 == 0 ? 99 : $2 ))"
}
# An emulator command printed without "&" blocks the terminal ("run it in another one"):
# start it in the background and show its first line, the address.
__doc_emulator() {
    local out="$DOC_TMP/emulator-$$-$RANDOM.out" pid n
    "$@" >"$out" 2>&1 </dev/null &
    pid=$!
    for n in $(seq 150); do
        if [ -s "$out" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
        sleep 0.1
    done
    sleep 0.1
    head -n 1 "$out"
    grep -q '^listening on http://' "$out"
}
'''


@dataclass
class Outcome:
    command: Command
    started: bool = False
    rc: int | None = None
    output: str = ""
    seq_before: int = -1
    seq_after: int = -1
    host: str = ""
    problems: list = field(default_factory=list)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


def adapt(command, shared_url, port, tmp):
    code = command.code
    code = code.replace("https://core.authing.cn", shared_url)
    code = re.sub(r"\b%s\b" % DOC_PORT, port, code)
    code = code.replace("/tmp/", str(tmp) + "/")
    code = code.replace("\n<<HEREDOC>>\n", "\n")
    words = command.normalized.split()
    if (command.program == "authing-emulator" and not command.normalized.endswith("&")
            and not {"-h", "--help"} & set(words) and "\n" not in code):
        code = "__doc_emulator " + code
    return code


def build_script(commands, shared_url, port, tmp):
    lines = [PRELUDE]
    for command in commands:
        if command.normalized in ALLOWED:
            continue
        lines.append(f"__doc_begin {command.index}")
        lines.append(adapt(command, shared_url, port, tmp))
        if command.normalized in EXPECTED_FAILURES:
            lines.append(f"__doc_end_expect {command.index} $? {EXPECTED_FAILURES[command.normalized][0]}")
        else:
            lines.append(f"__doc_end {command.index} $?")
    return "\n".join(lines) + "\n"


MARK = re.compile(r"^@@@(BEGIN|END) (\d+) (.*)$", re.M)


def parse_output(output, commands):
    outcomes = {c.index: Outcome(c) for c in commands}
    current, pos = None, 0
    for match in MARK.finditer(output):
        chunk = output[pos:match.start()]
        if current is not None:
            current.output += chunk
        pos = match.end() + 1
        kind, index, rest = match.group(1), int(match.group(2)), match.group(3).split(" ")
        outcome = outcomes[index]
        if kind == "BEGIN":
            outcome.started = True
            outcome.seq_before = int(rest[0])
            outcome.host = rest[1] if len(rest) > 1 else ""
            current = outcome
        else:
            outcome.rc = int(rest[0])
            outcome.seq_after = int(rest[1])
            current = None
    if current is not None:
        current.output += output[pos:]
    return outcomes


RECAP_LINE = re.compile(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def check(outcome, log, shared_url):
    command, out = outcome.command, outcome.output
    if not outcome.started:
        outcome.problems.append("did not run: the session ended before it")
        return
    expected_rc, expected_text, _reason = EXPECTED_FAILURES.get(command.normalized, (0, "", ""))
    if outcome.rc is None:
        outcome.problems.append("never finished (the session ended inside it)")
    elif outcome.rc != expected_rc:
        outcome.problems.append(f"exit status {outcome.rc}" + (f", expected {expected_rc}" if expected_rc else ""))
    if expected_text and expected_text not in out:
        outcome.problems.append(f"expected {expected_text!r} in the output")
    if command.program == "ansible-playbook":
        if "no hosts matched" in out or "skipping: no hosts" in out:
            outcome.problems.append("matched no hosts (nothing was done)")
        listing = re.search(r"--(syntax-check|list-\w+)\b", command.normalized)
        recap = RECAP_LINE.findall(out)
        if not listing and not recap:
            outcome.problems.append("printed no PLAY RECAP with a host")
        if "changed=0" in command.comment and any(int(r[2]) for r in recap):
            outcome.problems.append("commented 'changed=0' but reported changes")
        if re.search(r"(^|\s)(--check|-C)(\s|$)", command.normalized) and outcome.host.rstrip("/") == shared_url:
            writes = [e for e in log if outcome.seq_before < e["seq"] <= outcome.seq_after and e["kind"] == "write"]
            if outcome.seq_before < 0 or outcome.seq_after < 0:
                outcome.problems.append("could not read the emulator request log around the check-mode run")
            elif writes:
                outcome.problems.append("check mode sent %d write request(s): %s"
                                        % (len(writes), sorted({e.get("operation") for e in writes})))
    if command.program == "authing-emulator" and "__doc_emulator" in adapt(command, "", DOC_PORT, "/tmp"):
        if "listening on http://" not in out:
            outcome.problems.append("the emulator did not print 'listening on http://...'")


# ------------------------------------------------------------------------------------------
# fixtures
# ------------------------------------------------------------------------------------------


def copy_checkout(dest):
    """The files git would commit (tracked and untracked-not-ignored), else the tree minus caches."""
    dest.mkdir(parents=True)
    listed = subprocess.run(["git", "-C", str(REPO_ROOT), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=False)
    if listed.returncode == 0:
        for rel in filter(None, listed.stdout.decode().split("\0")):
            src = REPO_ROOT / rel
            if not os.path.lexists(src):
                continue
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel, follow_symlinks=False)
    else:
        shutil.copytree(REPO_ROOT, dest, dirs_exist_ok=True, symlinks=True, ignore=shutil.ignore_patterns(
            ".venv*", ".git", ".ansible", "tests/output", "__pycache__", ".pytest_cache", "build", "*.tar.gz"))
    # a clone whose scripts/bootstrap has run: .venv is there (docs/testing.md puts it on PATH)
    (dest / ".venv").symlink_to(VENV_BIN.parent, target_is_directory=True)


@pytest.fixture(scope="module")
def doc_workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("docs")
    checkout = root / "collections" / "ansible_collections" / "authing" / "cloud"
    copy_checkout(checkout)
    (root / "home").mkdir()
    (root / "tmp").mkdir()
    return {"root": root, "checkout": checkout, "collections": root / "collections",
            "ansible_home": root / "home", "tmp": root / "tmp"}


@pytest.fixture
def seeded(emulator):
    emulator.create_group("docs-seed", "Seeded by the documentation test")
    emulator.create_user("seed.user", email="seed.user@example.com")
    emulator.clear_log()
    return emulator


def session_env(workspace, emulator):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AUTHING_", "ANSIBLE_", "PYTEST_", "VIRTUAL_ENV", "PYTHON"))}
    env.update({
        "PATH": os.pathsep.join([str(VENV_BIN), env.get("PATH", "/usr/bin:/bin")]),
        "VENV": str(VENV_BIN.parent),
        "VIRTUAL_ENV": str(VENV_BIN.parent),
        "ANSIBLE_COLLECTIONS_PATH": str(workspace["collections"]),
        "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "False",
        "ANSIBLE_HOME": str(workspace["ansible_home"]),
        "ANSIBLE_LOCAL_TEMP": str(workspace["ansible_home"] / "tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "AUTHING_HOST": emulator.url,
        "AUTHING_USERPOOL_ID": emulator.pool_id,
        "AUTHING_USERPOOL_SECRET": emulator.secret,
        "DOC_PYTHON": sys.executable,
        "DOC_EMULATOR_URL": emulator.url,
        "DOC_TMP": str(workspace["tmp"]),
        "PWD": str(workspace["checkout"]),
    })
    return env


def run_session(commands, workspace, emulator):
    """Run the commands of one file in one bash session; returns {index: Outcome}."""
    for name, content in GENERATED.items():
        (workspace["checkout"] / name).write_text(content)
    script = build_script(commands, emulator.url, free_port(), workspace["tmp"])
    script_path = workspace["root"] / "session.sh"
    script_path.write_text(script)
    proc = subprocess.Popen(["bash", "--noprofile", "--norc", str(script_path)], cwd=str(workspace["checkout"]),
                            env=session_env(workspace, emulator), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        # read -rs VAR takes the user pool secret from here
        output = proc.communicate(input=(emulator.secret + "\n") * 20, timeout=SESSION_TIMEOUT)[0]
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        output = proc.communicate()[0]
        output += f"\n[the session did not finish within {SESSION_TIMEOUT} s]"
    finally:
        # what the session left running (background emulators): its whole process group
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    outcomes = parse_output(output, [c for c in commands if c.normalized not in ALLOWED])
    log = emulator.requests()
    for outcome in outcomes.values():
        check(outcome, log, emulator.url.rstrip("/"))
    return outcomes, output


def report(outcomes):
    lines = []
    for outcome in sorted(outcomes.values(), key=lambda o: o.command.index):
        status = "FAIL" if outcome.problems else "ok"
        lines.append(f"  {status:<4} {outcome.command.where}: {outcome.command.normalized[:110]}")
        for problem in outcome.problems:
            lines.append(f"         -> {problem}")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------
# tests
# ------------------------------------------------------------------------------------------


def test_commands_are_found_and_the_allow_list_is_current():
    assert len(ALL_COMMANDS) >= 20, [c.normalized for c in ALL_COMMANDS]
    printed = {c.normalized for c in ALL_COMMANDS}
    stale = sorted((set(ALLOWED) | set(EXPECTED_FAILURES)) - printed)
    assert not stale, f"ALLOWED / EXPECTED_FAILURES list commands that no documentation prints any more: {stale}"
    for c in ALL_COMMANDS:
        assert "\n" not in c.normalized
    run = [c for c in ALL_COMMANDS if c.normalized not in ALLOWED]
    programs = {c.program for c in run}
    assert {"ansible-playbook", "authing-emulator"} <= programs, programs
    assert any(c.program.startswith("scripts/") for c in run), programs


@pytest.mark.parametrize("doc", FILES_WITH_COMMANDS)
def test_documented_commands_run(doc, doc_workspace, seeded):
    commands = [c for c in ALL_COMMANDS if c.path == doc]
    to_run = [c for c in commands if c.normalized not in ALLOWED]
    if not to_run:
        pytest.skip("every command of %s is allow-listed: %s" % (doc, "; ".join(
            f"{c.normalized} ({ALLOWED[c.normalized]})" for c in commands)))
    outcomes, output = run_session(commands, doc_workspace, seeded)
    failed = [o for o in outcomes.values() if o.problems]
    summary = report(outcomes)
    print(f"{doc}:\n{summary}")
    if failed:
        first = min(failed, key=lambda o: o.command.index)
        pytest.fail(f"{len(failed)} documented command(s) of {doc} failed:\n{summary}\n\n"
                    f"--- first failure, {first.command.where}:\n{first.command.text}\n--- its output (tail):\n"
                    f"{first.output[-5000:]}", pytrace=False)


def test_harness_fails_on_no_hosts_and_on_errors(doc_workspace, seeded):
    """The checks can fail: a playbook that matches no host, a check-mode run that writes, a failing
    command (which ends the session, so the next one never runs)."""
    writer = [dict(SITE[0], tasks=[dict(SITE[0]["tasks"][0], check_mode=False)])]
    (doc_workspace["checkout"] / "writes-in-check-mode.yml").write_text(yaml.safe_dump(writer, sort_keys=False))
    body = ("ansible-playbook playbooks/bootstrap.yml -e bootstrap_hosts=nowhere\n"
            "ansible-playbook writes-in-check-mode.yml --check\n"
            "false   # a failing step stops the session\n"
            "echo never\n")
    commands = split_commands("doc.md", 1, body, console=False)
    for n, command in enumerate(commands):
        command.index = n
    outcomes, output = run_session(commands, doc_workspace, seeded)
    problems = [outcomes[n].problems for n in range(len(commands))]
    assert problems[0] == ["matched no hosts (nothing was done)", "printed no PLAY RECAP with a host"], output
    assert len(problems[1]) == 1 and problems[1][0].startswith("check mode sent"), (problems, output)
    assert problems[2] == ["exit status 1"], output
    assert problems[3] == ["did not run: the session ended before it"], output
    assert seeded.group("engineering") is not None, "the check-mode write did happen"


SDK_PYTHON = os.environ.get("AUTHING_SDK_PYTHON") or str(REPO_ROOT / ".venv-conformance" / "bin" / "python")


@pytest.mark.parametrize("doc", [str(p.relative_to(REPO_ROOT)) for p in doc_files()
                                 if any("authing.v2" in block[1] for block in python_blocks(p))])
def test_documented_sdk_examples_run(doc, seeded, tmp_path):
    """Python blocks that use the official SDK run with it (the conformance venv) against the emulator."""
    if not Path(SDK_PYTHON).exists():
        pytest.skip(f"no Python with the official Authing SDK ({SDK_PYTHON}; scripts/bootstrap makes it)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTHING_")}
    env.update(AUTHING_HOST=seeded.url, AUTHING_USERPOOL_ID=seeded.pool_id, AUTHING_USERPOOL_SECRET=seeded.secret)
    for start, body in python_blocks(REPO_ROOT / doc):
        if "authing.v2" not in body:
            continue
        script = tmp_path / f"block{start}.py"
        script.write_text(body + "\n")
        out = subprocess.run([SDK_PYTHON, str(script)], env=env, capture_output=True, text=True, timeout=120,
                             check=False)
        assert out.returncode == 0, f"{doc}:{start}: exit {out.returncode}\n{out.stdout}\n{out.stderr}"


LIST_ENTRY = re.compile(r"^\s+play #\d+ \((?P<pattern>[^)]*)\).*?\n\s+pattern: .*?\n\s+hosts \(\d+\):\n(?P<hosts>(?:\s{6,}\S+\n?)*)",
                        re.M)


def list_hosts(workspace, *args):
    """{playbook play pattern: [hosts]} of `ansible-playbook --list-hosts` over every playbook in playbooks/."""
    env = session_env(workspace, SimpleNamespace(url="http://127.0.0.1:9", pool_id="unused", secret="unused"))
    playbooks = sorted(str(p.relative_to(workspace["checkout"])) for p in (workspace["checkout"] / "playbooks").glob("*.yml"))
    out = subprocess.run([str(VENV_BIN / "ansible-playbook"), "--list-hosts", *args, *playbooks], cwd=str(workspace["checkout"]),
                         env=env, capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    plays = [sorted(m.group("hosts").split()) for m in LIST_ENTRY.finditer(out.stdout)]
    assert len(plays) >= len(playbooks), out.stdout
    return plays, out.stdout


def test_playbooks_target_localhost_only_without_an_inventory(doc_workspace, tmp_path):
    """The playbooks of playbooks/: no inventory -> the implicit localhost (what the documented
    commands rely on); an inventory of tenants -> exactly its hosts, no localhost added; the
    *_hosts variable narrows it."""
    plays, out = list_hosts(doc_workspace)
    assert plays and all(hosts == ["localhost"] for hosts in plays), out

    inventory = tmp_path / "tenants.yml"
    inventory.write_text("authing_tenants:\n  hosts:\n    tenant-a:\n    tenant-b:\n")
    plays, out = list_hosts(doc_workspace, "-i", str(inventory))
    assert plays and all(hosts == ["tenant-a", "tenant-b"] for hosts in plays), out

    # each playbook's own variable: hosts: "{{ bootstrap_hosts | default(...) }}"
    variables = sorted({m.group(1) for p in (doc_workspace["checkout"] / "playbooks").glob("*.yml")
                        for m in re.finditer(r"^\s*hosts:\s*\"\{\{\s*(\w+)\s*\|", p.read_text(), re.M)})
    assert "bootstrap_hosts" in variables, variables
    narrowed = [arg for var in variables for arg in ("-e", f"{var}=tenant-b")]
    plays, out = list_hosts(doc_workspace, "-i", str(inventory), *narrowed)
    assert plays and all(hosts == ["tenant-b"] for hosts in plays), out
