"""Admin endpoints: request log, runtime config, reset."""


def test_request_log_names_and_classifies_every_api_call(api):
    api.admin("DELETE", "requests")
    api.graphql("{ __schema { queryType { name } } }", token=None)
    api.token()
    api.create_group("dev")
    api.graphql("mutation { createGroup(code: \"dev\", name: \"x\") { code } }")
    api.data("{ groups { totalCount } }")
    api.rest("GET", "/api/v2/users/xxx", token=None)
    api.rest("POST", "/api/v2/nothing-here", json={})
    api.admin("GET", "config")
    log = api.requests_log()
    assert [(entry["operation"], entry["kind"], entry["status"], entry["code"]) for entry in log] == [
        ("__schema", "read", 200, 200),
        ("accessToken", "read", 200, 200),
        ("createGroup", "write", 200, 200),
        ("createGroup", "write", 200, 2050),
        ("groups", "read", 200, 200),
        ("users.detail", "read", 200, 2020),
        (None, "write", 404, 404),
    ]
    assert [entry["path"] for entry in log[-2:]] == ["/api/v2/users/xxx", "/api/v2/nothing-here"]
    assert [entry["method"] for entry in log[-2:]] == ["GET", "POST"]
    sequence = [entry["seq"] for entry in log]
    assert sequence == sorted(sequence) and len(set(sequence)) == len(sequence)
    assert all(entry["fault"] is None for entry in log)


def test_request_log_can_be_cleared(api):
    api.token()
    assert api.requests_log()
    assert api.admin("DELETE", "requests").status_code == 200
    assert api.requests_log() == []


def test_config_get_put_merges_and_validates(api):
    config = api.admin("GET", "config").json()
    assert config == {"latency_ms": 0, "fault_rate": 0.0, "fault_kinds": ["500", "503", "429", "drop"],
                      "fault_phase": "before", "retry_after": 1}
    merged = api.admin("PUT", "config", json={"retry_after": 3, "fault_kinds": ["429"]}).json()
    assert merged == dict(config, retry_after=3, fault_kinds=["429"])
    for bad in ({"fault_rate": 2}, {"fault_kinds": ["418"]}, {"fault_phase": "during"}, {"nope": 1},
                {"latency_ms": "slow"}, {"retry_after": 5, "fault_rate": -1}):
        response = api.admin("PUT", "config", json=bad)
        assert response.status_code == 400 and "error" in response.json(), bad
    assert api.admin("PUT", "config", data="{oops").status_code == 400
    assert api.admin("GET", "config").json() == merged  # rejected updates change nothing


def test_reset_wipes_data_and_log_but_keeps_config_and_tokens(api):
    token = api.token()
    api.create_group("dev")
    api.create_user(username="alice")
    api.admin("PUT", "config", json={"retry_after": 7})
    assert api.admin("POST", "reset").status_code == 200
    assert api.requests_log() == []
    assert api.admin("GET", "config").json()["retry_after"] == 7
    assert api.graphql("{ groups { totalCount } users { totalCount } }", token=token).json() == \
        {"data": {"groups": {"totalCount": 0}, "users": {"totalCount": 0}}}
    api.create_group("dev")  # codes are free again


def test_unknown_admin_endpoint_is_404(api):
    assert api.admin("GET", "nothing").status_code == 404
    assert api.admin("GET", "reset").status_code == 404
