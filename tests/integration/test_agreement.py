# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing.cloud.authing_agreement and authing_agreement_info against a real emulator.

Agreements are keyed by title + lang; the exact list mode also enforces the listed order through
the sort endpoint. Check-mode tasks sit between normal ones; each task record carries the
emulator requests made while it ran.
"""

from __future__ import annotations

from .tasks import ops, task_factory

AGR = "authing.cloud.authing_agreement"
INFO = "authing.cloud.authing_agreement_info"
task = task_factory(AGR)


def create_agreement(emulator, app_id, title, lang="zh-CN", required=True):
    return emulator.rest("POST", f"/api/v2/applications/{app_id}/agreements",
                         json={"title": title, "lang": lang, "required": required})


def server_agreements(emulator, app_id):
    """[(title, lang, required)] in order, straight from the API."""
    data = emulator.rest("GET", f"/api/v2/applications/{app_id}/agreements")
    return [(a["title"], a["lang"], a["required"]) for a in sorted(data["list"], key=lambda a: a["order"])]


def test_agreement_lifecycle_check_mode_and_bad_input(emulator, run_playbook):
    app_id = emulator.create_app("signup")["id"]
    terms = '<a href="https://example.com/terms">Terms</a>'
    run = run_playbook(
        [
            task("create", app="signup", title=terms, required=True),
            task("create again", app=app_id, title=terms, lang="zh-CN", required=True),
            task("update", app="signup", title=terms, required=False),
            task("english", app="signup", title=terms, lang="en-US"),
            task("check delete", app="signup", title=terms, state="absent", _check_mode=True),
            task("bad lang", app="signup", title="Bonjour", lang="fr-FR", _ignore_errors=True),
            task("unknown app", app="nope", title="T", _ignore_errors=True),
            task("no title", app="signup", lang="en-US", _ignore_errors=True),
            task("delete", app="signup", title=terms, lang="en-US", state="absent"),
            task("delete again", app="signup", title=terms, lang="en-US", state="absent"),
        ],
        diff=True,
    ).assert_ok()

    created = run["create"]
    assert created["changed"] is True
    agreement = created["agreement"]
    assert (agreement["title"], agreement["lang"], agreement["required"], agreement["order"]) == (terms, "zh-CN", True, 1)
    assert isinstance(agreement["id"], int)
    assert ops(run.writes("create"), form="sent") == ["agreements.create"]
    assert created["diff"]["after"] == {"title": terms, "required": True}  # quiet: lang was not named

    assert run["create again"]["changed"] is False and run.writes("create again") == []
    updated = run["update"]
    assert updated["changed"] is True and updated["agreement"]["required"] is False
    assert ops(run.writes("update"), form="sent") == ["agreements.modify"]
    assert updated["diff"]["before"] == {"title": terms, "required": True}
    assert updated["diff"]["after"] == {"title": terms, "required": False}
    assert run["english"]["changed"] is True and run["english"]["agreement"]["lang"] == "en-US"

    assert run["check delete"]["changed"] is True and run["check delete"]["agreement"] == {}
    assert run.writes("check delete") == []
    for name, words in (("bad lang", ["fr-FR", "lang"]), ("unknown app", ["application 'nope' does not exist"]),
                        ("no title", ["title"])):
        assert run.failed(name), run[name]
        assert all(word in run[name]["msg"] for word in words), (name, run[name]["msg"])
        assert run.writes(name) == [], name

    assert run["delete"]["changed"] is True and ops(run.writes("delete"), form="sent") == ["agreements.delete"]
    assert run["delete again"]["changed"] is False and run.writes("delete again") == []
    assert server_agreements(emulator, app_id) == [(terms, "zh-CN", False)]


def test_exact_mode_order_append_remove_and_info(emulator, run_playbook):
    app_id = emulator.create_app("signup")["id"]
    for title, lang in (("A", "zh-CN"), ("B", "zh-CN"), ("C", "en-US"), ("D", "zh-CN")):
        create_agreement(emulator, app_id, title, lang)
    wanted = [{"title": "C", "lang": "en-US"}, {"title": "A"}, {"title": "E", "required": False}]
    run = run_playbook(
        [
            task("check exact", app="signup", agreements=wanted, agreements_mode="exact", _check_mode=True),
            task("exact", app="signup", agreements=wanted, agreements_mode="exact"),
            task("exact again", app="signup", agreements=wanted, agreements_mode="exact"),
            task("append", app="signup", agreements=[{"title": "F"}, {"title": "A"}]),
            task("reorder only", app="signup", agreements_mode="exact",
                 agreements=[{"title": "A"}, {"title": "C", "lang": "en-US"}, {"title": "E"}, {"title": "F"}]),
            task("remove", app="signup", agreements=[{"title": "F"}, {"title": "C"}], agreements_mode="remove"),
            task("info all", INFO, app="signup"),
            task("info english", INFO, app="signup", lang="en-US"),
            task("info one", INFO, app="signup", title="E"),
        ],
        diff=True,
    ).assert_ok()

    check = run["check exact"]
    assert check["changed"] is True and check["order_changed"] is True
    assert run.writes("check exact") == []
    predicted = {(i["title"], i["state"], i["changed"]) for i in check["agreements"]}
    assert predicted == {("C", "present", False), ("A", "present", False), ("E", "present", True),
                         ("B", "absent", True), ("D", "absent", True)}
    order = [d for d in check["diff"] if d["before_header"] == "order of agreements"]
    assert order == [{"before": {"order": ["A zh-CN", "B zh-CN", "C en-US", "D zh-CN"]},
                      "after": {"order": ["C en-US", "A zh-CN", "E zh-CN"]},
                      "before_header": "order of agreements", "after_header": "order of agreements"}], check["diff"]

    assert {(i["title"], i["state"], i["changed"]) for i in run["exact"]["agreements"]} == predicted
    assert run["exact"]["order_changed"] is True
    assert ops(run.writes("exact"), form="sorted") == ["agreements.create", "agreements.delete", "agreements.delete",
                                                       "agreements.sort"]
    assert run["exact again"]["changed"] is False and run["exact again"]["order_changed"] is False
    assert run.writes("exact again") == []

    assert run["append"]["changed"] is True and run["append"]["order_changed"] is False
    assert ops(run.writes("append"), form="sent") == ["agreements.create"]
    reorder = run["reorder only"]
    assert reorder["changed"] is True and not any(i["changed"] for i in reorder["agreements"])
    assert ops(run.writes("reorder only"), form="sent") == ["agreements.sort"]
    removed = {(i["title"], i["changed"]) for i in run["remove"]["agreements"]}
    assert removed == {("F", True), ("C", False)}, "C is en-US; the item named C zh-CN"

    assert [(a["title"], a["lang"], a["order"]) for a in run["info all"]["agreements"]] == [
        ("A", "zh-CN", 1), ("C", "en-US", 2), ("E", "zh-CN", 3)]
    assert [a["title"] for a in run["info english"]["agreements"]] == ["C"]
    assert [(a["title"], a["required"]) for a in run["info one"]["agreements"]] == [("E", False)]
    assert server_agreements(emulator, app_id) == [("A", "zh-CN", True), ("C", "en-US", True), ("E", "zh-CN", False)]
