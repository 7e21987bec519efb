# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing.cloud.authing_custom_field and authing_custom_field_info against a real emulator."""

from __future__ import annotations

import json

from .tasks import ops, task_factory

FIELD = "authing.cloud.authing_custom_field"
INFO = "authing.cloud.authing_custom_field_info"
task = task_factory(FIELD)


def fields(emulator, target_type="USER"):
    data = emulator.gql("query udf($t: UDFTargetType!) { udf(targetType: $t) { key dataType label options } }",
                        {"t": target_type})
    return {f["key"]: f for f in data["udf"]}


TIERS = [{"value": "gold", "label": "Gold"}, {"value": "silver"}]


def test_create_rerun_update_delete(emulator, run_playbook):
    run = run_playbook(
        [
            task("create", key="school", data_type="STRING", label="School"),
            task("create again", key="school", data_type="STRING", label="School"),
            task("label defaults to the key", key="age", data_type="NUMBER"),
            task("select", key="tier", data_type="SELECT", options=TIERS),
            task("select again", key="tier", data_type="SELECT",
                 options=[{"value": "gold", "label": "Gold"}, {"value": "silver", "label": "silver"}]),
            task("relabel", key="school", label="University"),
            task("change options", key="tier", options=TIERS + [{"value": "bronze"}]),
            task("role field", key="school", target_type="ROLE", data_type="BOOLEAN"),
            task("delete", key="age", state="absent"),
            task("delete again", key="age", state="absent"),
            task("one", INFO, key="tier"),
            task("all", INFO),
            task("role fields", INFO, target_type="ROLE"),
            task("missing", INFO, key="age"),
        ]
    ).assert_ok()
    created = run["create"]
    assert created["changed"] is True
    assert created["custom_field"] == {"key": "school", "target_type": "USER", "data_type": "STRING",
                                       "label": "School", "options": None}
    assert ops(run.writes("create")) == ["setUdf"]
    for name in ("create again", "select again", "delete again"):
        assert run[name]["changed"] is False and run.writes(name) == [], name
    assert run["label defaults to the key"]["custom_field"]["label"] == "age"
    expected = [{"value": "gold", "label": "Gold"}, {"value": "silver", "label": "silver"}]
    assert run["select"]["custom_field"]["options"] == expected
    relabel = run["relabel"]["custom_field"]
    assert (relabel["label"], relabel["data_type"]) == ("University", "STRING")
    assert [o["value"] for o in run["change options"]["custom_field"]["options"]] == ["gold", "silver", "bronze"]
    assert run["role field"]["custom_field"]["target_type"] == "ROLE"
    assert run["delete"]["changed"] is True and ops(run.writes("delete")) == ["removeUdf"]
    assert run["one"]["custom_fields"][0]["options"][2] == {"value": "bronze", "label": "bronze"}
    assert [f["key"] for f in run["all"]["custom_fields"]] == ["school", "tier"]
    assert [(f["key"], f["data_type"]) for f in run["role fields"]["custom_fields"]] == [("school", "BOOLEAN")]
    assert run["missing"]["custom_fields"] == []

    server = fields(emulator)
    assert sorted(server) == ["school", "tier"] and server["school"]["label"] == "University"
    assert json.loads(server["tier"]["options"])[0] == {"value": "gold", "label": "Gold"}
    assert sorted(fields(emulator, "ROLE")) == ["school"]


def test_bulk_check_mode_and_diff(emulator, run_playbook):
    emulator.gql('mutation { setUdf(targetType: USER, key: "old", dataType: STRING, label: "Old") { key } }')
    emulator.clear_log()
    wanted = [{"key": "a", "data_type": "STRING"}, {"key": "b", "data_type": "OBJECT", "label": "B"},
              {"key": "old", "label": "Older"}]
    check = run_playbook([task("bulk exact", custom_fields=wanted, custom_fields_mode="exact")],
                         check=True, diff=True).assert_ok()
    assert emulator.writes() == []
    assert check["bulk exact"]["changed"] is True
    diffs = check["bulk exact"]["diff"]
    old = [d for d in diffs if "'old'" in d["before_header"]]
    assert old[0]["before"]["label"] == "Old" and old[0]["after"]["label"] == "Older"

    emulator.gql('mutation { setUdf(targetType: USER, key: "extra", dataType: NUMBER, label: "X") { key } }')
    run = run_playbook(
        [
            task("bulk exact", custom_fields=wanted, custom_fields_mode="exact"),
            task("bulk exact again", custom_fields=wanted, custom_fields_mode="exact"),
            task("remove", custom_fields=[{"key": "a"}, {"key": "ghost"}], custom_fields_mode="remove"),
        ],
        diff=True,
    ).assert_ok()
    items = run["bulk exact"]["custom_fields"]
    assert [(i["key"], i["state"], i["changed"]) for i in items] == [
        ("a", "present", True), ("b", "present", True), ("old", "present", True), ("extra", "absent", True)]
    assert run["bulk exact again"]["changed"] is False and run.writes("bulk exact again") == []
    assert [i["changed"] for i in run["remove"]["custom_fields"]] == [True, False]
    assert sorted(fields(emulator)) == ["b", "old"]


def test_bad_input_fails_before_any_write(emulator, run_playbook):
    run = run_playbook(
        [
            task("options on a text field", key="x", data_type="STRING", options=[{"value": "a"}],
                 _ignore_errors=True),
            task("create without data type", key="y", label="Y", _ignore_errors=True),
            task("unknown target type", key="z", data_type="STRING", target_type="GALAXY",
                 _ignore_errors=True),
            task("bulk with one bad item", custom_fields=[{"key": "ok", "data_type": "STRING"},
                                                          {"key": "bad", "label": "no type"}],
                 _ignore_errors=True),
        ]
    )
    assert run.rc == 0, run.describe()
    assert "only apply to SELECT" in run["options on a text field"]["msg"]
    assert "data_type is required" in run["create without data type"]["msg"]
    assert "GALAXY" in run["unknown target type"]["msg"]
    assert "'bad'" in run["bulk with one bad item"]["msg"]
    assert emulator.writes() == [] and fields(emulator) == {}
