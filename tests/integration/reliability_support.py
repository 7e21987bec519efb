# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reliability scenarios shared by tests/integration/test_reliability.py and
tests/bench/bench_reliability.py (issue 10: every write is safe to retry and to race).

Self-contained on purpose (no pytest fixture, no conftest import), so the benchmark script can
use it too:

* ``Api``: a tiny client of one emulator (admin endpoints, GraphQL, REST) that reads the end
  state straight from the API, never through the collection.
* ``make_spec``: a generated tenant spec (custom fields, groups, pool roles, N users with custom
  data, 1-2 groups and roles each, one application with resources, agreements, a role with
  members and an access policy).
* ``read_state`` / ``audit``: the end state and its comparison with the spec: duplicate objects
  (users, groups, roles, resources, agreements by (title, lang), access records), missing or
  extra objects, lost or extra memberships, custom data that differs.
* ``Runner``: ``ansible-playbook playbooks/bootstrap.yml`` against an emulator, with the test
  recorder callback, returning rc, output and the failed task results.
* ``unclear``: why a failure message is not one a user can act on (traceback, MODULE FAILURE,
  Chinese text outside ``server_message``, an unexpected exception).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests
import yaml

from .tenant_support import base_env

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
BOOTSTRAP = REPO_ROOT / "playbooks" / "bootstrap.yml"
BIN = Path(sys.executable).parent

GROUPS = ("eng", "sales", "ops", "hr", "fin", "legal")
POOL_ROLES = ("staff", "lead")
APP = "rel-app"
APP_ROLE = "rel-admin"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

# Fault plans: 500, 503 and dropped connections before and after the handler; 429 only before it.
FAULT_PLANS = (
    {"fault_phase": "before", "fault_kinds": ["500", "503", "429", "drop"]},
    {"fault_phase": "after", "fault_kinds": ["500", "503", "drop"]},
    {"fault_phase": "random", "fault_kinds": ["500", "503", "drop"]},
)


# -- the spec ------------------------------------------------------------------------------------------


def username(i):
    return "u%03d" % i


def user_item(i, variant=0):
    """User ``i``; ``variant`` shifts the groups and roles (overlapping specs of parallel runs give
    the same user different memberships: the end state must hold their union)."""
    groups = [GROUPS[(i + variant) % len(GROUPS)]]
    if i % 3 == 0:
        groups.append(GROUPS[(i + variant + 1) % len(GROUPS)])
    roles = [POOL_ROLES[0]] if (i + variant) % 4 else [POOL_ROLES[1]]
    if i % 10 == 0:
        roles.append({"app": APP, "code": APP_ROLE})
    return {
        "username": username(i),
        "email": "%s@rel.example" % username(i),
        "nickname": "User %d" % i,
        "custom_data": {"dept": GROUPS[i % len(GROUPS)], "level": i % 5, "remote": i % 2 == 0},
        "groups": sorted(set(groups)),
        "roles": roles,
    }


RESOURCES = (
    {"code": "docs", "type": "DATA", "description": "Documents.", "actions": [{"name": "docs:read"}, {"name": "docs:write"}]},
    {"code": "rel-api", "type": "API", "api_identifier": "https://rel.example/api", "actions": [{"name": "call"}]},
    {"code": "menu", "type": "MENU", "actions": [{"name": "view"}]},
    {"code": "export", "type": "BUTTON", "actions": [{"name": "click"}]},
    {"code": "reports", "type": "DATA", "actions": [{"name": "reports:read"}]},
)
AGREEMENTS = (
    {"title": "Terms of service", "lang": "en-US", "required": True},
    {"title": "服务条款", "lang": "zh-CN", "required": True},
    {"title": "Privacy notice", "lang": "en-US", "required": False},
    {"title": "Marketing e-mails", "lang": "en-US", "required": False},
)


def make_spec(users=range(100), variant=0, resources=RESOURCES, agreements=AGREEMENTS, app_role_members=None):
    """A tenant spec: 3 custom fields, 6 groups, 2 pool roles, the users, one application."""
    users = list(users)
    if app_role_members is None:
        app_role_members = [username(i) for i in users if i % 25 == 1]
    return {
        "custom_fields": [
            {"key": "dept", "data_type": "STRING", "label": "Department"},
            {"key": "level", "data_type": "NUMBER", "label": "Level"},
            {"key": "remote", "data_type": "BOOLEAN", "label": "Remote"},
        ],
        "groups": [{"code": code, "name": code.upper(), "description": "Group %s." % code} for code in GROUPS],
        "roles": [{"code": code, "description": "Role %s." % code} for code in POOL_ROLES],
        "users": [user_item(i, variant) for i in users],
        "applications": [{
            "identifier": APP,
            "name": "Reliability app",
            "description": "Generated for the reliability tests.",
            "redirect_uris": ["https://rel.example/callback"],
            "resources": [dict(r) for r in resources],
            "agreements": [dict(a) for a in agreements],
            "roles": [{"code": APP_ROLE, "description": "Administers the app.", "members": app_role_members}],
            "access_policy": {
                "default_strategy": "DENY_ALL",
                "rules": [
                    {"target_type": "GROUP", "targets": ["eng", "ops"], "effect": "allow"},
                    {"target_type": "ROLE", "targets": ["lead"], "effect": "allow"},
                    {"target_type": "GROUP", "targets": ["legal"], "effect": "deny"},
                ],
            },
        }],
    }


def union_spec(specs):
    """What several overlapping specs applied in append mode must leave: every object once,
    memberships united (definitions of shared objects are equal across the specs)."""
    out = {"custom_fields": {}, "groups": {}, "roles": {}, "users": {}, "resources": {}, "agreements": {},
           "app_role_members": set(), "rules": set()}
    for spec in specs:
        for key, name in (("custom_fields", "key"), ("groups", "code"), ("roles", "code")):
            for item in spec[key]:
                out[key][item[name]] = item
        for user in spec["users"]:
            have = out["users"].setdefault(user["username"], dict(user, groups=[], roles=[]))
            have["groups"] = sorted(set(have["groups"]) | set(user["groups"]))
            have["roles"] = _role_union(have["roles"], user["roles"])
        for app in spec["applications"]:
            for res in app["resources"]:
                have = out["resources"].setdefault(res["code"], dict(res, actions=[]))
                names = [a["name"] for a in have["actions"]]
                have["actions"] = have["actions"] + [a for a in res["actions"] if a["name"] not in names]
            for agreement in app["agreements"]:
                out["agreements"][(agreement["title"], agreement["lang"])] = agreement
            for role in app["roles"]:
                out["app_role_members"] |= set(role.get("members") or [])
            for rule in app["access_policy"]["rules"]:
                out["rules"] |= set((rule["target_type"], t, rule.get("effect", "allow")) for t in rule["targets"])
    return out


def _role_union(a, b):
    seen, out = set(), []
    for role in list(a) + list(b):
        key = json.dumps(role, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(role)
    return out


def write_spec(path, spec):
    Path(path).write_text("---\n" + yaml.safe_dump({"tenant_spec": spec}, sort_keys=False, allow_unicode=True))
    return Path(path)


# -- the emulator, read straight through its API ---------------------------------------------------------


class Api:
    """Admin endpoints, GraphQL and REST of one emulator (no collection code involved)."""

    def __init__(self, url, pool_id, secret):
        self.url = url.rstrip("/")
        self.pool_id = pool_id
        self.secret = secret
        self.http = requests.Session()
        self._token = None

    def admin(self, method, path, **kw):
        resp = self.http.request(method, "%s/__emulator__/%s" % (self.url, path), timeout=60, **kw)
        assert resp.status_code == 200, "%s %s: %s %s" % (method, path, resp.status_code, resp.text)
        return resp.json() if resp.content else None

    def faults(self, rate=0.0, **kw):
        return self.admin("PUT", "config", json=dict(kw, fault_rate=rate))

    def log(self):
        return self.admin("GET", "requests")["requests"]

    def reset(self):
        self.admin("POST", "reset")
        self._token = None

    def token(self):
        if self._token is None:
            body = self.http.post(self.url + "/graphql/v2", json={
                "query": "query t($p: String!, $s: String!) { accessToken(userPoolId: $p, secret: $s) { accessToken } }",
                "variables": {"p": self.pool_id, "s": self.secret}}, timeout=60).json()
            self._token = body["data"]["accessToken"]["accessToken"]
        return self._token

    def gql(self, query, variables=None):
        body = self.http.post(self.url + "/graphql/v2", json={"query": query, "variables": variables or {}},
                              headers={"authorization": "Bearer " + self.token(),
                                       "x-authing-userpool-id": self.pool_id}, timeout=60).json()
        if body.get("errors"):
            raise RuntimeError("GraphQL error: %r" % body["errors"])
        return body["data"]

    def rest(self, method, path, **kw):
        body = self.http.request(method, self.url + path, timeout=60, headers={
            "authorization": "Bearer " + self.token(), "x-authing-userpool-id": self.pool_id}, **kw).json()
        assert body.get("code") == 200, body
        return body["data"]

    def pages(self, query, root, variables=None, limit=200):
        out, page = [], 1
        while True:
            data = self.gql(query, dict(variables or {}, page=page, limit=limit))[root]
            out.extend(data["list"])
            if not data["list"] or len(out) >= data["totalCount"]:
                return out
            page += 1

    def app(self, identifier):
        apps = self.rest("GET", "/api/v2/applications", params={"page": 1, "limit": 200})["list"]
        return [a for a in apps if a["identifier"] == identifier]


def read_state(api, app_identifier=APP):
    """Everything the audit compares, read straight from the API."""
    apps = api.app(app_identifier)
    app_id = apps[0]["id"] if apps else None
    ns = "$ns: String" if app_id else ""
    users = api.pages(
        "query users($page: Int, $limit: Int%s) { users(page: $page, limit: $limit) { totalCount list {"
        " id username email customData { key value dataType } groups { list { code } }"
        " roles(namespace: \"default\") { list { code namespace } } %s } } }"
        % ((", " + ns) if ns else "", "appRoles: roles(namespace: $ns) { list { code namespace } }" if app_id else ""),
        "users", {"ns": app_id} if app_id else None)
    groups = api.pages("query groups($page: Int, $limit: Int) { groups(page: $page, limit: $limit)"
                       " { totalCount list { code name } } }", "groups")
    members = dict((group["code"], _group_members(api, group["code"])) for group in groups)
    roles = api.pages("query roles($page: Int, $limit: Int) { roles(namespace: \"default\", page: $page, limit: $limit)"
                      " { totalCount list { code namespace } } }", "roles")
    fields = api.gql("query udf { udf(targetType: USER) { key dataType } }")["udf"]
    state = {"apps": apps, "users": users, "groups": groups, "group_members": members, "roles": roles,
             "custom_fields": fields, "resources": [], "agreements": [], "app_roles": [], "app_role_members": [],
             "records": [], "strategy": None}
    if app_id:
        query = {"namespace": app_id, "page": 1, "limit": 500}
        state["resources"] = api.rest("GET", "/api/v2/resources", params=query)["list"]
        state["agreements"] = api.rest("GET", "/api/v2/applications/%s/agreements" % app_id)["list"]
        state["app_roles"] = api.pages("query roles($ns: String, $page: Int, $limit: Int) { roles(namespace: $ns,"
                                       " page: $page, limit: $limit) { totalCount list { code namespace } } }",
                                       "roles", {"ns": app_id})
        if any(r["code"] == APP_ROLE for r in state["app_roles"]):
            state["app_role_members"] = [u["username"] for u in api.gql(
                "query r($code: String!, $ns: String) { role(code: $code, namespace: $ns) { users(page: 1, limit: 1000)"
                " { list { username } } } }", {"code": APP_ROLE, "ns": app_id})["role"]["users"]["list"]]
        state["records"] = api.rest("GET", "/api/v2/applications/%s/authorization/records" % app_id,
                                    params={"page": 1, "limit": 1000})["list"]
        state["strategy"] = ((apps[0].get("permissionStrategy") or {}).get("defaultStrategy"))
    return state


def _group_members(api, code):
    out, page = [], 1
    while True:
        data = api.gql("query m($code: String!, $page: Int, $limit: Int) { group(code: $code) {"
                       " users(page: $page, limit: $limit) { totalCount list { username } } } }",
                       {"code": code, "page": page, "limit": 200})["group"]["users"]
        out.extend(u["username"] for u in data["list"])
        if not data["list"] or len(out) >= data["totalCount"]:
            return out
        page += 1


def _dups(values):
    return sorted("%s x%d" % (value, n) for value, n in Counter(values).items() if n > 1)


def _role_key(role):
    if isinstance(role, dict):
        return (APP_ROLE if role.get("app") else role["code"], "app" if role.get("app") else "default")
    return (role, "default")


def audit(state, want):
    """Compare the end state with ``want`` (``union_spec([...])``): duplicates, missing/extra
    objects, lost/extra memberships, custom data that differs. Empty lists everywhere = correct."""
    users = dict((u["username"], u) for u in state["users"])
    report = {
        "duplicates": {
            "users": _dups(u["username"] for u in state["users"]),
            "user_emails": _dups(u["email"] for u in state["users"] if u["email"]),
            "groups": _dups(g["code"] for g in state["groups"]),
            "roles": _dups(r["code"] for r in state["roles"]),
            "app_roles": _dups(r["code"] for r in state["app_roles"]),
            "applications": _dups(a["identifier"] for a in state["apps"]),
            "resources": _dups(r["code"] for r in state["resources"]),
            "agreements": _dups("%s/%s" % (a["title"], a["lang"]) for a in state["agreements"]),
            "custom_fields": _dups(f["key"] for f in state["custom_fields"]),
            "access_records": _dups("%s:%s" % (r["targetType"], r["targetIdentifier"]) for r in state["records"]),
        },
        "missing": {}, "extra": {}, "lost_memberships": [], "extra_memberships": [], "custom_data": [],
        "resource_actions": [], "access_rules": [],
    }
    wanted = {
        "users": set(want["users"]), "groups": set(want["groups"]), "roles": set(want["roles"]),
        "custom_fields": set(want["custom_fields"]), "resources": set(want["resources"]),
        "agreements": set("%s/%s" % key for key in want["agreements"]),
    }
    have = {
        "users": set(users), "groups": set(g["code"] for g in state["groups"]),
        "roles": set(r["code"] for r in state["roles"]), "custom_fields": set(f["key"] for f in state["custom_fields"]),
        "resources": set(r["code"] for r in state["resources"]),
        "agreements": set("%s/%s" % (a["title"], a["lang"]) for a in state["agreements"]),
    }
    for kind in wanted:
        report["missing"][kind] = sorted(wanted[kind] - have[kind])
        report["extra"][kind] = sorted(have[kind] - wanted[kind])
    report["missing"]["applications"] = [] if state["apps"] else [APP]

    for name, spec in sorted(want["users"].items()):
        user = users.get(name)
        if user is None:
            continue
        have_groups = set(g["code"] for g in user["groups"]["list"])
        for code in sorted(set(spec["groups"]) - have_groups):
            report["lost_memberships"].append("user %s not in group %s" % (name, code))
        for code in sorted(have_groups - set(spec["groups"])):
            report["extra_memberships"].append("user %s in group %s" % (name, code))
        have_roles = set((r["code"], "default") for r in user["roles"]["list"])
        have_roles |= set((r["code"], "app") for r in (user.get("appRoles") or {}).get("list") or [])
        want_roles = set(_role_key(r) for r in spec["roles"])
        want_roles |= set([(APP_ROLE, "app")]) if name in want["app_role_members"] else set()
        for role in sorted(want_roles - have_roles):
            report["lost_memberships"].append("user %s lacks role %s/%s" % ((name,) + role))
        for role in sorted(have_roles - want_roles):
            report["extra_memberships"].append("user %s has role %s/%s" % ((name,) + role))
        data = dict((d["key"], d["value"]) for d in user["customData"] or [])
        for key, value in sorted(spec["custom_data"].items()):
            if data.get(key) != json.dumps(value) and data.get(key) != str(value):
                report["custom_data"].append("user %s %s=%r (want %r)" % (name, key, data.get(key), value))
    # group members as the groups see them must agree with the users' view
    for code, names in sorted(state["group_members"].items()):
        for name in names:
            if name in want["users"] and code not in want["users"][name]["groups"]:
                report["extra_memberships"].append("group %s lists %s" % (code, name))
        report["duplicates"].setdefault("group_members", []).extend("%s in %s" % (d, code) for d in _dups(names))
    for res in state["resources"]:
        spec = want["resources"].get(res["code"])
        if spec is None:
            continue
        names = sorted(a["name"] for a in res.get("actions") or [])
        if names != sorted(a["name"] for a in spec["actions"]):
            report["resource_actions"].append("resource %s has actions %s, want %s"
                                              % (res["code"], names, sorted(a["name"] for a in spec["actions"])))
    have_rules = set()
    for record in state["records"]:
        statements = (record.get("policy") or {}).get("statements") or [{}]
        effect = (statements[0].get("effect") or "ALLOW").lower()
        have_rules.add((record["targetType"], record["targetIdentifier"], effect))
    for rule in sorted(want["rules"] - have_rules):
        report["access_rules"].append("missing rule %s %s %s" % rule)
    for rule in sorted(have_rules - want["rules"]):
        report["access_rules"].append("extra rule %s %s %s" % rule)
    return report


def problems(report):
    """The audit's findings as one flat list (empty = correct)."""
    out = []
    for kind, values in report["duplicates"].items():
        out.extend("duplicate %s: %s" % (kind, v) for v in values)
    for section in ("missing", "extra"):
        for kind, values in report[section].items():
            out.extend("%s %s: %s" % (section, kind, v) for v in values)
    for section in ("lost_memberships", "extra_memberships", "custom_data", "resource_actions", "access_rules"):
        out.extend(report[section])
    return out


def figures(report):
    return {
        "duplicates": sum(len(v) for v in report["duplicates"].values()),
        "duplicate_details": [p for p in problems(report) if p.startswith("duplicate")],
        "lost_memberships": len(report["lost_memberships"]),
        "extra_memberships": len(report["extra_memberships"]),
        "missing_objects": sum(len(v) for v in report["missing"].values()),
        "extra_objects": sum(len(v) for v in report["extra"].values()),
        "other_problems": report["custom_data"] + report["resource_actions"] + report["access_rules"],
    }


# -- failure messages ------------------------------------------------------------------------------------


def unclear(message):
    """Why a failure message is not one a user can act on, or None when it is fine."""
    if not isinstance(message, str) or not message.strip():
        return "no message"
    if "Traceback" in message:
        return "a Python traceback"
    if "MODULE FAILURE" in message:
        return "MODULE FAILURE"
    if CJK.search(message):
        return "Chinese text outside server_message"
    if "unexpected " in message.lower():
        return "an unexpected exception"
    return None


def failed_results(records):
    """(task name, result) of every failed task that was not ignored."""
    return [(r["name"], r["result"]) for r in records if r["status"] == "failed"]


# -- ansible-playbook ------------------------------------------------------------------------------------


def make_collections_dir(source=None):
    """``<tmp>/ansible_collections/authing/cloud`` -> the repository (or AUTHING_TEST_COLLECTION_SRC,
    e.g. an exported commit, to test one revision while the working tree changes)."""
    source = Path(source or os.environ.get("AUTHING_TEST_COLLECTION_SRC") or REPO_ROOT)
    root = Path(tempfile.mkdtemp(prefix="authing-rel-"))
    (root / "ansible_collections" / "authing").mkdir(parents=True)
    (root / "ansible_collections" / "authing" / "cloud").symlink_to(source, target_is_directory=True)
    return root


class Runner:
    """``ansible-playbook`` runs against one emulator (credentials from the environment)."""

    def __init__(self, collections_dir, work_dir, url, pool_id, secret):
        self.collections_dir = Path(collections_dir)
        self.work_dir = Path(work_dir)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.home = self.work_dir / "ansible_home"
        self.home.mkdir(exist_ok=True)
        self.url, self.pool_id, self.secret = url, pool_id, secret
        self.n = 0

    def env(self, results_file, extra_env=None):
        env = base_env(self.collections_dir, self.home, results_file)
        env.update({"AUTHING_HOST": self.url, "AUTHING_USERPOOL_ID": self.pool_id, "AUTHING_USERPOOL_SECRET": self.secret})
        for key, value in (extra_env or {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = str(value)
        return env

    def start(self, playbook, extra_vars=None, extra_env=None):
        """Start ansible-playbook (``playbook``: a path, or plays as Python data); returns a Run."""
        self.n += 1
        tag = "run%02d" % self.n
        if not isinstance(playbook, (str, Path)):
            path = self.work_dir / ("%s.yml" % tag)
            path.write_text(yaml.safe_dump(playbook, sort_keys=False, allow_unicode=True))
            playbook = path
        results = self.work_dir / ("%s-results.json" % tag)
        cmd = [str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook)]
        if extra_vars:
            cmd += ["-e", json.dumps(extra_vars)]
        proc = subprocess.Popen(cmd, env=self.env(results, extra_env), cwd=str(self.work_dir),
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        return Run(proc, results, cmd)

    def run(self, playbook, extra_vars=None, extra_env=None, timeout=600):
        return self.start(playbook, extra_vars, extra_env).wait(timeout)

    def bootstrap(self, spec_file, extra_vars=None, **kw):
        return self.run(BOOTSTRAP, dict(extra_vars or {}, tenant_spec_file=str(spec_file)), **kw)


class Run:
    def __init__(self, proc, results, cmd):
        self.proc, self.results, self.cmd = proc, results, cmd
        self.started = time.monotonic()
        self.rc = self.stdout = self.stderr = None
        self.records = []
        self.seconds = None

    def wait(self, timeout=600):
        try:
            self.stdout, self.stderr = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.stdout, self.stderr = self.proc.communicate()
            self.stdout += "\n[killed after %d s]" % timeout
        self.rc = self.proc.returncode
        self.seconds = time.monotonic() - self.started
        self.records = json.loads(self.results.read_text()) if self.results.exists() else []
        return self

    @property
    def failures(self):
        return failed_results(self.records)

    def messages(self):
        """The failure messages (``msg`` of each failed task), or the output tail when ansible
        failed without a recorded task failure."""
        msgs = [str(result.get("msg")) for _name, result in self.failures]
        if self.rc not in (0, None) and not msgs:
            msgs = [(self.stderr or "")[-1500:] or (self.stdout or "")[-1500:]]
        return msgs

    def unclear_messages(self):
        """[(message, why)] for failure messages a user cannot act on, plus tracebacks anywhere."""
        out = []
        for _name, result in self.failures:
            why = unclear(result.get("msg"))
            if "msg" not in result and result.get("censored"):
                why = "the message is hidden (no_log): %s" % result["censored"]
            # ansible-core 2.19+ puts "(traceback unavailable)" in every failure: only a real one counts
            if why is None and "Traceback" in str(result.get("exception") or ""):
                why = "an unexpected exception (traceback in the result)"
            if why:
                out.append((str(result.get("msg"))[:2000], why))
        if self.rc not in (0, None) and not self.failures:
            out.append((self.messages()[0], "ansible-playbook failed without a task failure"))
        for stream in (self.stdout or "", self.stderr or ""):
            if "Traceback (most recent call last)" in stream or "MODULE FAILURE" in stream:
                out.append((stream[-2000:], "a traceback or MODULE FAILURE in the output"))
        return out

    def changed_tasks(self):
        return [r["name"] for r in self.records if r["status"] == "changed"]

    def describe(self):
        tasks = "\n".join("  %-8s %s" % (r["status"], r["name"]) for r in self.records)
        return "\n--- rc=%s (%.1f s)\n%s\n--- stdout tail:\n%s\n--- stderr tail:\n%s" % (
            self.rc, self.seconds or 0, tasks, (self.stdout or "")[-5000:], (self.stderr or "")[-2000:])
