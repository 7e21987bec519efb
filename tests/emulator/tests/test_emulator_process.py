"""The process: first output line, clean exit on signals, ``--db`` persistence, argument errors."""

import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from authing_emulator.testing import EmulatorProcess
from emulator_api import Api


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_cleanly_with_status_0(signum):
    emulator = EmulatorProcess().start()
    api = Api(emulator)
    api.create_group("dev")  # leaves an idle keep-alive connection open
    started = time.monotonic()
    assert emulator.stop(signum) == 0
    assert time.monotonic() - started < 3
    with pytest.raises(requests.ConnectionError):
        requests.get(emulator.url + "/__emulator__/config", timeout=2)


def test_python_dash_m_is_the_same_program():
    with EmulatorProcess(command=[sys.executable, "-m", "authing_emulator"]) as emulator:
        assert emulator.url.startswith("http://127.0.0.1:")
        assert Api(emulator).access_token()["data"]["accessToken"]["accessToken"]


def test_first_line_names_the_chosen_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "authing_emulator", "--port", str(port)],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "listening on http://127.0.0.1:%d\n" % port
        assert requests.get("http://127.0.0.1:%d/__emulator__/config" % port, timeout=5).status_code == 200
    finally:
        process.terminate()
        assert process.wait(10) == 0
        process.stdout.close()


def test_db_file_keeps_state_keys_and_tokens_across_restarts(tmp_path):
    database = str(tmp_path / "emulator.db")
    with EmulatorProcess("--db", database) as first:
        api = Api(first)
        token = api.token()
        public_key = api.rest("GET", "/api/v2/.well-known", token=None).json()["data"]["publicKey"]
        alice = api.create_user(username="alice")
        api.create_group("dev", "Developers")
        api.data("mutation($ids: [String!]!) { addUserToGroup(userIds: $ids, code: \"dev\") { code } }",
                 {"ids": [alice["id"]]})
    with EmulatorProcess("--db", database) as second:
        again = Api(second, token=token)  # the token of the first run is still valid
        assert again.rest("GET", "/api/v2/.well-known", token=None).json()["data"]["publicKey"] == public_key
        assert again.data("{ group(code: \"dev\") { name users { list { username } } } }") == \
            {"group": {"name": "Developers", "users": {"list": [{"username": "alice"}]}}}
        assert "errors" in again.graphql("mutation { createGroup(code: \"dev\", name: \"x\") { code } }").json()


@pytest.mark.parametrize("arguments", [["--fault-rate", "2"], ["--latency-ms", "-1"], ["--port", "x"]])
def test_bad_arguments_exit_2(arguments):
    result = subprocess.run([sys.executable, "-m", "authing_emulator"] + arguments, capture_output=True, text=True,
                            timeout=30, check=False)
    assert result.returncode == 2 and "error" in result.stderr
