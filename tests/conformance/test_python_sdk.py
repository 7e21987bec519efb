"""Conformance: the unmodified official Python SDK (authing==4.5.18) against the emulator.

The SDK pins graphql-core 2 / gql 2.0.0, which cannot share the dev virtualenv (graphql-core 3),
so it gets its own interpreter: ``$AUTHING_SDK_PYTHON`` when set (``scripts/test`` points it at the
venv ``scripts/bootstrap`` made), else the virtualenv ``$AUTHING_SDK_VENV`` or ``<repo>/.venv-sdk``,
created on first use with Python 3.11 (``python3.11``, else ``pyenv prefix 3.11.7``, else
``python3``). Either is filled from ``requirements.txt`` when the SDK is missing. The SDK scripts
run there; the emulator runs from the dev virtualenv.
"""

import collections

import requests

from sdk_harness import SECRET, USERPOOL_ID, run_sdk_script


def test_sdk_groups_and_users_against_the_emulator(sdk_python, emulator):
    result = run_sdk_script(sdk_python, "sdk_groups_users.py", "--host", emulator.url,
                            "--userpool-id", USERPOOL_ID, "--secret", SECRET)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout

    log = requests.get(emulator.url + "/__emulator__/requests", timeout=10).json()["requests"]
    operations = collections.Counter(entry["operation"] for entry in log)
    graphql_calls = sum(1 for entry in log if entry["path"] == "/graphql/v2")
    # The SDK introspects before every GraphQL call and caches its 15-day token.
    assert operations["__schema"] * 2 == graphql_calls
    assert operations["accessToken"] == 1
    assert not [entry for entry in log if entry["code"] == 500], "the SDK hit unimplemented surface"


def test_every_sdk_document_validates_against_the_introspected_schema(sdk_python, emulator):
    result = run_sdk_script(sdk_python, "sdk_schema_check.py", "--host", emulator.url)
    assert result.returncode == 0, result.stdout
    assert "155 SDK documents, 0 invalid" in result.stdout
