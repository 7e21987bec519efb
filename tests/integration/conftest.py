# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Integration harness: real ``ansible-playbook`` runs against a real emulator process.

Run from the repository root::

    .venv/bin/pytest tests/integration            # whole suite
    .venv/bin/pytest tests/integration -k members # one area

Pieces (see docs/dev/contracts.md for the emulator and module contracts):

* ``collections_dir`` (session): ``<tmp>/ansible_collections/authing/cloud`` -> repository root.
* ``emulator_server`` (module): one ``authing-emulator --port 0`` process per test module (the
  venv's console script; ``AUTHING_TEST_EMULATOR_CMD`` overrides the command); the
  URL comes from its first stdout line ``listening on http://HOST:PORT``; SIGTERM at teardown
  and the exit status must be 0.
* ``emulator`` (function): the same server after ``POST /__emulator__/reset`` and with the
  default fault/latency config restored, so every test starts from an empty pool.
  Helpers: ``.url``, ``.requests()``, ``.clear_log()``, ``.writes()``, ``.config(**kw)``,
  and a tiny GraphQL client: ``.token()``, ``.gql()``, ``.create_user()``, ``.create_group()``,
  ``.add_members()``, ``.group()``, ``.group_members()``, ``.all_groups()``.
* ``run_playbook`` (function): writes a playbook (YAML text, a list of tasks, or a list of plays),
  runs ``ansible-playbook`` from the venv against localhost (connection local) with
  AUTHING_HOST / AUTHING_USERPOOL_ID / AUTHING_USERPOOL_SECRET pointing at the emulator, and
  returns a ``PlaybookRun`` with ``rc``, ``stdout``, ``stderr`` and one record per task result
  (captured by ``callback_plugins/authing_test_recorder.py``; each record also carries the
  emulator request-log entries made while that task ran).

Nothing is shared between pytest processes (free port, per-process tmp dirs), so the suite also
runs under pytest-xdist (``-n 2``) if that plugin is installed.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
import yaml

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
VENV_BIN = Path(sys.executable).parent
CALLBACK_DIR = HERE / "callback_plugins"

# Emulator defaults from docs/dev/contracts.md.
POOL_ID = "6123456789abcdef01234567"
SECRET = "authing-emulator-secret"

DEFAULT_CONFIG = {"latency_ms": 0, "fault_rate": 0.0}

STARTUP_TIMEOUT = 30
PLAYBOOK_TIMEOUT = 600  # whole ansible-playbook run
TASK_TIMEOUT = 300  # one task (ANSIBLE_TASK_TIMEOUT), so a hung module fails on its own


# --- ansible-core under test (scripts/test smoke-core2.17) -----------------------------------
# AUTHING_TEST_ANSIBLE_BIN=<venv>/bin runs ansible-playbook and the other ansible-core tools, and
# the modules (ANSIBLE_PYTHON_INTERPRETER), from that venv instead of the one running pytest:
# the ansible-core version matrix reuses this harness (tests/integration/test_smoke_matrix.py).
ANSIBLE_BIN = os.environ.get("AUTHING_TEST_ANSIBLE_BIN")
ANSIBLE_CORE_TOOLS = {"ansible", "ansible-config", "ansible-console", "ansible-doc", "ansible-galaxy",
                      "ansible-inventory", "ansible-playbook", "ansible-pull", "ansible-test", "ansible-vault"}


def _ansible_python():
    """The Python that runs the modules: the AUTHING_TEST_ANSIBLE_BIN venv's, else this one."""
    return str(Path(ANSIBLE_BIN) / "python") if ANSIBLE_BIN else sys.executable


def _venv_tool(name):
    """A console script from the venv running these tests, else from PATH."""
    if ANSIBLE_BIN and name in ANSIBLE_CORE_TOOLS:
        if not (Path(ANSIBLE_BIN) / name).exists():
            pytest.fail(f"AUTHING_TEST_ANSIBLE_BIN={ANSIBLE_BIN} has no {name}")
        return str(Path(ANSIBLE_BIN) / name)
    candidate = VENV_BIN / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} not found next to {sys.executable} nor on PATH")
    return found


# ------------------------------------------------------------------------------------------
# collections dir
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def collections_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("collections")
    ns = root / "ansible_collections" / "authing"
    ns.mkdir(parents=True)
    (ns / "cloud").symlink_to(REPO_ROOT, target_is_directory=True)
    return root


@pytest.fixture(scope="session")
def ansible_home(tmp_path_factory):
    """A private ANSIBLE_HOME so ~/.ansible (and any installed copy of the collection) is ignored."""
    return tmp_path_factory.mktemp("ansible_home")


# ------------------------------------------------------------------------------------------
# emulator
# ------------------------------------------------------------------------------------------


class GraphQLError(Exception):
    def __init__(self, errors, operation=None):
        self.errors = errors
        self.operation = operation
        code = None
        try:
            msg = errors[0]["message"]
            if isinstance(msg, dict):
                code = msg.get("code")
        except (LookupError, TypeError):
            pass
        self.code = code
        super().__init__(f"{operation}: {errors!r}")


class Emulator:
    """Client for one running emulator: admin endpoints plus a small GraphQL client."""

    def __init__(self, url, proc, pool_id=POOL_ID, secret=SECRET):
        self.url = url.rstrip("/")
        self.proc = proc
        self.pool_id = pool_id
        self.secret = secret
        self.http = requests.Session()
        self._token = None

    # -- admin ---------------------------------------------------------------------------
    def _admin(self, method, path, **kw):
        resp = self.http.request(method, f"{self.url}/__emulator__/{path}", timeout=30, **kw)
        assert resp.status_code == 200, f"{method} /__emulator__/{path}: {resp.status_code} {resp.text}"
        return resp.json() if resp.content else None

    def requests(self):
        """The request log: list of {seq, method, path, operation, kind, status, code}."""
        return self._admin("GET", "requests")["requests"]

    def clear_log(self):
        self._admin("DELETE", "requests")

    def writes(self):
        return [e for e in self.requests() if e.get("kind") == "write"]

    def config(self, **kw):
        """With keyword arguments: PUT (merge); always returns the resulting config."""
        if kw:
            self._admin("PUT", "config", json=kw)
        return self._admin("GET", "config")

    def reset(self):
        self._admin("POST", "reset")
        self._token = None

    # -- GraphQL -------------------------------------------------------------------------
    def gql(self, query, variables=None, auth=True):
        headers = {"x-authing-userpool-id": self.pool_id, "content-type": "application/json"}
        if auth:
            headers["authorization"] = f"Bearer {self.token()}"
        resp = self.http.post(
            f"{self.url}/graphql/v2",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=30,
        )
        body = resp.json()
        if body.get("errors"):
            raise GraphQLError(body["errors"], query.split("(")[0].strip())
        return body["data"]

    def token(self):
        if self._token is None:
            data = self.gql(
                "query accessToken($userPoolId: String!, $secret: String!) {"
                " accessToken(userPoolId: $userPoolId, secret: $secret) { accessToken exp iat } }",
                {"userPoolId": self.pool_id, "secret": self.secret},
                auth=False,
            )
            self._token = data["accessToken"]["accessToken"]
        return self._token

    # -- REST ----------------------------------------------------------------------------
    def rest(self, method, path, **kw):
        """A management REST call straight to the emulator; returns ``data`` (code 200 asserted)."""
        headers = {"authorization": f"Bearer {self.token()}", "x-authing-userpool-id": self.pool_id}
        body = self.http.request(method, self.url + path, headers=headers, timeout=30, **kw).json()
        assert body["code"] == 200, body
        return body["data"]

    def create_app(self, identifier, name=None, uris=()):
        """POST /api/v2/applications; returns the application object."""
        return self.rest("POST", "/api/v2/applications",
                         json={"identifier": identifier, "name": name or identifier, "redirectUris": list(uris)})

    def create_user(self, username=None, **fields):
        """createUser; returns {id, username, email, phone}."""
        info = dict(fields)
        if username is not None:
            info["username"] = username
        data = self.gql(
            "mutation createUser($userInfo: CreateUserInput!) {"
            " createUser(userInfo: $userInfo) { id username email phone } }",
            {"userInfo": info},
        )
        return data["createUser"]

    def create_users(self, *usernames):
        """Create users by username; returns {username: id}."""
        return {name: self.create_user(name)["id"] for name in usernames}

    def create_group(self, code, name=None, description=None):
        data = self.gql(
            "mutation createGroup($code: String!, $name: String!, $description: String) {"
            " createGroup(code: $code, name: $name, description: $description)"
            " { code name description createdAt updatedAt } }",
            {"code": code, "name": name or code, "description": description},
        )
        return data["createGroup"]

    def add_members(self, code, user_ids):
        self.gql(
            "mutation addUserToGroup($userIds: [String!]!, $code: String) {"
            " addUserToGroup(userIds: $userIds, code: $code) { message code } }",
            {"userIds": list(user_ids), "code": code},
        )

    def group(self, code):
        """The group as the API sees it, or None."""
        data = self.gql(
            "query group($code: String!) { group(code: $code) { code name description createdAt updatedAt } }",
            {"code": code},
        )
        return data["group"]

    def group_members(self, code):
        """Sorted list of member usernames (the user id for users without one)."""
        out, page = [], 1
        while True:
            data = self.gql(
                "query groupWithUsers($code: String!, $page: Int, $limit: Int) {"
                " group(code: $code) { users(page: $page, limit: $limit)"
                " { totalCount list { id username } } } }",
                {"code": code, "page": page, "limit": 50},
            )
            assert data["group"] is not None, f"group {code!r} does not exist"
            users = data["group"]["users"]
            out.extend(u["username"] or u["id"] for u in users["list"])
            if not users["list"] or len(out) >= users["totalCount"]:
                return sorted(out)
            page += 1

    def all_groups(self):
        """{code: group} for every group in the pool."""
        out, page = {}, 1
        while True:
            data = self.gql(
                "query groups($page: Int, $limit: Int) { groups(page: $page, limit: $limit)"
                " { totalCount list { code name description createdAt updatedAt } } }",
                {"page": page, "limit": 50},
            )
            lst = data["groups"]["list"]
            out.update((g["code"], g) for g in lst)
            if not lst or len(out) >= data["groups"]["totalCount"]:
                return out
            page += 1


def _start_emulator(log_path):
    override = os.environ.get("AUTHING_TEST_EMULATOR_CMD")
    exe = VENV_BIN / "authing-emulator"
    if override:
        cmd = shlex.split(override)
    elif exe.exists():
        cmd = [str(exe)]
    else:
        cmd = [sys.executable, "-m", "authing_emulator"]
    cmd += ["--port", "0"]
    stderr = open(log_path, "wb")
    try:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            cwd=str(REPO_ROOT),
        )
    finally:
        stderr.close()

    first = {}

    def reader():
        # First line is the address; keep draining afterwards so the pipe never fills.
        line = proc.stdout.readline()
        first["line"] = line.decode("utf-8", "replace").strip()
        while proc.stdout.readline():
            pass

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while "line" not in first and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    line = first.get("line")
    if not line or not line.startswith("listening on http://"):
        proc.kill()
        proc.wait()
        pytest.fail(
            f"emulator did not announce itself (cmd={cmd}, rc={proc.returncode}, first line={line!r});"
            f" stderr:\n{Path(log_path).read_text(errors='replace')[-4000:]}"
        )
    return proc, line[len("listening on ") :]


def _stop_emulator(proc, log_path):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail("emulator did not exit within 15 s of SIGTERM")
    assert proc.returncode == 0, (
        f"emulator exited with {proc.returncode} after SIGTERM; stderr tail:\n"
        f"{Path(log_path).read_text(errors='replace')[-4000:]}"
    )


@pytest.fixture(scope="module")
def emulator_server(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("emulator") / "stderr.log"
    proc, url = _start_emulator(log_path)
    emu = Emulator(url, proc)
    emu.log_path = log_path
    try:
        yield emu
    finally:
        _stop_emulator(proc, log_path)


@pytest.fixture
def emulator(emulator_server):
    proc = emulator_server.proc
    if proc.poll() is not None:
        pytest.fail(
            f"the emulator process has died (status {proc.returncode}); stderr tail:\n"
            f"{Path(emulator_server.log_path).read_text(errors='replace')[-4000:]}"
        )
    emulator_server.config(**DEFAULT_CONFIG)
    emulator_server.reset()
    yield emulator_server
    # Leave no faults behind for the next test even if this one failed half-way.
    emulator_server.config(**DEFAULT_CONFIG)


@pytest.fixture
def users(emulator):
    """The fixed test users (see test_examples.py): {username: id}."""
    return emulator.create_users(*FIXED_USERS)


FIXED_USERS = ("alice", "bob", "carol", "dave")


# ------------------------------------------------------------------------------------------
# ansible-playbook
# ------------------------------------------------------------------------------------------


class PlaybookRun:
    def __init__(self, rc, stdout, stderr, tasks, playbook_text, cmd):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.tasks = tasks
        self.playbook_text = playbook_text
        self.cmd = cmd

    @property
    def output(self):
        return self.stdout + self.stderr

    def describe(self):
        """Enough context for an assertion message."""
        summary = "\n".join(
            f"  {t['status']:<8} {t.get('seconds', '?'):>7}s  {t['name']}" for t in self.tasks
        )
        return (
            f"\n--- rc={self.rc} cmd={' '.join(self.cmd)}\n--- tasks:\n{summary}"
            f"\n--- playbook:\n{self.playbook_text}"
            f"\n--- stdout (tail):\n{self.stdout[-6000:]}\n--- stderr (tail):\n{self.stderr[-3000:]}"
        )

    def assert_ok(self):
        assert self.rc == 0, "ansible-playbook failed" + self.describe()
        return self

    def task(self, name):
        hits = [t for t in self.tasks if t["name"] == name]
        if not hits:
            names = [t["name"] for t in self.tasks]
            raise AssertionError(f"no result for task {name!r}; recorded: {names}" + self.describe())
        assert len(hits) == 1, f"task name {name!r} is not unique"
        return hits[0]

    def __getitem__(self, name):
        """The result dict of the task with this name."""
        return self.task(name)["result"]

    def writes(self, name):
        """Emulator write requests made while the named task ran."""
        return [e for e in self.task(name)["requests"] if e.get("kind") == "write"]

    def failed(self, name):
        return self.task(name)["status"] == "failed"


def _as_playbook(playbook, play):
    if isinstance(playbook, str):
        playbook = yaml.safe_load(playbook)
    if isinstance(playbook, dict):
        playbook = [playbook]
    assert isinstance(playbook, list), f"playbook must be a list of tasks or plays, got {type(playbook)}"
    if playbook and all(isinstance(p, dict) and ("hosts" in p or "import_playbook" in p) for p in playbook):
        return playbook
    base = {"name": "integration", "hosts": "localhost", "gather_facts": False, "connection": "local"}
    base.update(play or {})
    base["tasks"] = playbook
    return [base]


@pytest.fixture
def ansible_env(collections_dir, ansible_home, emulator):
    """Environment for ansible-playbook (and ansible-doc) pointing at the emulator."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTHING_", "ANSIBLE_"))}
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": str(collections_dir),
            "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "False",
            "ANSIBLE_HOME": str(ansible_home),
            "ANSIBLE_LOCAL_TEMP": str(ansible_home / "tmp"),
            "ANSIBLE_REMOTE_TMP": str(ansible_home / "tmp"),
            "ANSIBLE_TASK_TIMEOUT": str(TASK_TIMEOUT),
            "ANSIBLE_PYTHON_INTERPRETER": _ansible_python(),
            "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACK_DIR),
            "ANSIBLE_CALLBACKS_ENABLED": "authing_test_recorder",
            "ANSIBLE_PIPELINING": "True",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "False",
            "ANSIBLE_DEPRECATION_WARNINGS": "False",
            "ANSIBLE_LOCALHOST_WARNING": "False",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "False",
            "AUTHING_HOST": emulator.url,
            "AUTHING_USERPOOL_ID": emulator.pool_id,
            "AUTHING_USERPOOL_SECRET": emulator.secret,
            "AUTHING_TEST_EMULATOR_URL": emulator.url,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


@pytest.fixture
def run_playbook(tmp_path, ansible_env):
    counter = {"n": 0}

    def run(playbook, check=False, diff=False, verbosity=0, extra_env=None, extra_vars=None, play=None):
        """Run a playbook; returns PlaybookRun.

        ``playbook``: YAML text or Python data; a list of tasks is wrapped in one play on
        localhost (``play`` adds/overrides play keywords, e.g. module_defaults).
        ``extra_env``: variables to set; a value of None removes the variable.
        """
        counter["n"] += 1
        n = counter["n"]
        plays = _as_playbook(playbook, play)
        text = yaml.safe_dump(plays, sort_keys=False, allow_unicode=True)
        pb_path = tmp_path / f"playbook{n}.yml"
        pb_path.write_text(text)
        results_path = tmp_path / f"results{n}.json"
        env = dict(ansible_env)
        env["AUTHING_TEST_RESULTS_FILE"] = str(results_path)
        for key, value in (extra_env or {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = str(value)
        cmd = [_venv_tool("ansible-playbook"), "-i", "localhost,", "-c", "local", str(pb_path)]
        if check:
            cmd.append("--check")
        if diff:
            cmd.append("--diff")
        if verbosity:
            cmd.append("-" + "v" * verbosity)
        if extra_vars:
            cmd += ["-e", json.dumps(extra_vars)]
        proc = subprocess.Popen(
            cmd,
            env=env,
            cwd=str(tmp_path),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # so a timeout can end ansible's workers and modules too
        )
        try:
            stdout, stderr = proc.communicate(timeout=PLAYBOOK_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            pytest.fail(
                f"ansible-playbook did not finish within {PLAYBOOK_TIMEOUT} s"
                + PlaybookRun(None, stdout, stderr, [], text, cmd).describe()
            )
        tasks = json.loads(results_path.read_text()) if results_path.exists() else []
        return PlaybookRun(proc.returncode, stdout, stderr, tasks, text, cmd)

    return run
