"""Injected latency and faults, at run time and from the command line."""

import threading
import time

import pytest
import requests

from emulator_api import Api

CREATE = "mutation { createGroup(code: \"dev\", name: \"Dev\") { code } }"


def configure(api, **config):
    api.admin("PUT", "config", json=config).raise_for_status()


@pytest.mark.parametrize("kind, status", [("500", 500), ("503", 503), ("429", 429)])
def test_http_faults(api, kind, status):
    api.token()
    configure(api, fault_rate=1.0, fault_kinds=[kind], retry_after=4)
    response = api.graphql(CREATE)
    assert response.status_code == status
    assert response.json()["code"] == status
    assert response.headers.get("Retry-After") == ("4" if kind == "429" else None)
    entry = api.requests_log()[-1]
    assert (entry["operation"], entry["kind"], entry["status"], entry["code"], entry["fault"]) == \
        ("createGroup", "write", status, status, kind)


def test_dropped_connection(api):
    api.token()
    configure(api, fault_rate=1.0, fault_kinds=["drop"])
    with pytest.raises(requests.ConnectionError):
        requests.post(api.url + "/graphql/v2", json={"query": CREATE}, timeout=10,
                      headers={"Authorization": "Bearer " + api.token()})
    assert api.requests_log()[-1]["fault"] == "drop"
    configure(api, fault_rate=0.0)
    assert api.data("{ groups { totalCount } }")["groups"]["totalCount"] == 0  # before: nothing written


def test_fault_after_the_handler_applies_the_write(api):
    api.token()
    configure(api, fault_rate=1.0, fault_kinds=["503"], fault_phase="after")
    assert api.graphql(CREATE).status_code == 503
    configure(api, fault_rate=0.0)
    assert api.data("{ group(code: \"dev\") { code } }") == {"group": {"code": "dev"}}


def test_fault_before_the_handler_writes_nothing(api):
    api.token()
    configure(api, fault_rate=1.0, fault_kinds=["500"], fault_phase="before")
    assert api.graphql(CREATE).status_code == 500
    configure(api, fault_rate=0.0)
    assert api.data("{ group(code: \"dev\") { code } }") == {"group": None}


def test_partial_fault_rate_fails_some_requests(api):
    api.token()
    configure(api, fault_rate=0.5, fault_kinds=["500"])
    statuses = [api.graphql("{ groups { totalCount } }").status_code for attempt in range(60)]
    assert 0 < statuses.count(500) < 60 and statuses.count(200) + statuses.count(500) == 60


def test_admin_calls_are_never_faulted_nor_logged(api):
    configure(api, fault_rate=1.0, fault_kinds=["500"], latency_ms=300)
    started = time.monotonic()
    assert all(api.admin("GET", "config").status_code == 200 for attempt in range(3))
    assert time.monotonic() - started < 0.5
    assert api.requests_log() == []


def test_latency_is_added_and_concurrent_clients_overlap(api):
    token = api.token()
    configure(api, latency_ms=300)
    started = time.monotonic()
    api.data("{ groups { totalCount } }")
    assert time.monotonic() - started >= 0.3

    durations = []

    def call():
        client = Api(api.emulator, token=token)
        begin = time.monotonic()
        client.data("{ groups { totalCount } }")
        durations.append(time.monotonic() - begin)

    threads = [threading.Thread(target=call) for client in range(6)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    assert min(durations) >= 0.3
    assert elapsed < 1.2, "6 requests with 300 ms latency each took %.2fs: latency is serialised" % elapsed


def test_command_line_latency_and_fault_rate(start_emulator):
    slow = Api(start_emulator("--latency-ms", "250"))
    assert slow.admin("GET", "config").json()["latency_ms"] == 250
    started = time.monotonic()
    slow.token()
    assert time.monotonic() - started >= 0.25

    faulty = Api(start_emulator("--fault-rate", "1"))
    assert faulty.admin("GET", "config").json()["fault_rate"] == 1.0
    faulty.admin("PUT", "config", json={"fault_kinds": ["503"]})
    assert faulty.graphql("{ __typename }", token=None).status_code == 503
