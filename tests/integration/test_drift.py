# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/drift.yml against a real emulator: after a change made behind the collection's back
(straight through the API), the JSON and Markdown reports list the drifted object field by field,
nothing is written to the tenant, secrets stay out, and drift_fail fails the job."""

from __future__ import annotations

import json

from .tenant_support import play, write_spec

SPEC = {
    "groups": [{"code": "staff", "name": "Staff", "description": "Everyone"}],
    "users": [{"username": "ann", "nickname": "Ann", "password": "Sup3r-secret-pw", "groups": ["staff"]}],
    "applications": [{"identifier": "portal", "name": "Portal",
                      "resources": [{"code": "docs", "type": "DATA", "actions": ["docs:read"]}]}],
}


def test_a_change_behind_the_collections_back_is_reported_field_by_field(emulator, run_playbook, tmp_path):
    spec_file = write_spec(tmp_path / "spec.yml", SPEC)
    reports = tmp_path / "reports"
    variables = {"tenant_spec_file": str(spec_file), "drift_report_dir": str(reports)}
    run_playbook([play("bootstrap.yml")], extra_vars={"tenant_spec_file": str(spec_file)}).assert_ok()

    clean = run_playbook([play("drift.yml")], extra_vars=dict(variables, drift_fail=True)).assert_ok()
    assert json.loads((reports / "localhost.json").read_text())["drifted"] is False
    assert "The tenant matches its spec." in (reports / "localhost.md").read_text()
    assert "0 object(s) drifted" in clean.output

    # someone renames the group and the user's nickname in the console
    emulator.gql('mutation { updateGroup(code: "staff", name: "Staff (renamed)") { code } }')
    ann = emulator.gql('query { findUser(username: "ann") { id } }')["findUser"]["id"]
    emulator.gql('mutation u($id: String!) { updateUser(id: $id, input: {nickname: "Annie"}) { id } }', {"id": ann})

    emulator.clear_log()
    drifted = run_playbook([play("drift.yml")], extra_vars=dict(variables, drift_fail=True))
    assert drifted.rc != 0 and "localhost has drifted from its spec" in drifted.output
    assert emulator.writes() == [], "the drift report wrote to the tenant"
    report = json.loads((reports / "localhost.json").read_text())
    assert report["drifted"] is True and report["changes"] == {"groups": {"update": ["staff"]}, "users": {"update": ["ann"]}}
    by_object = {entry["object"]: entry for entry in report["objects"]}
    assert by_object["group 'staff'"]["fields"] == [{"name": "name", "tenant": "Staff (renamed)", "spec": "Staff"}]
    assert by_object["user 'ann'"]["fields"] == [{"name": "nickname", "tenant": "Annie", "spec": "Ann"}]
    markdown = (reports / "localhost.md").read_text()
    assert "## group 'staff' (changed)" in markdown and '| name | "Staff (renamed)" | "Staff" |' in markdown
    for text in (markdown, json.dumps(report), drifted.output):
        assert "Sup3r-secret-pw" not in text

    # without drift_fail the job succeeds and still writes the reports
    run_playbook([play("drift.yml")], extra_vars=variables).assert_ok()
