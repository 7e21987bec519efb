"""Conformance: the unmodified official Python SDK (authing==4.5.18) updates an application's
protocol and login page settings (``oidcConfig``, tabs, switches) through its own REST client, the
way its access-policy call updates an application, and reads them back (``sdk_application_settings.py``).
The SDK interpreter and the emulator fixture are those of ``test_python_sdk.py``."""

import collections

import requests

from sdk_harness import SECRET, USERPOOL_ID, run_sdk_script


def test_sdk_application_settings_against_the_emulator(sdk_python, emulator):
    result = run_sdk_script(sdk_python, "sdk_application_settings.py", "--host", emulator.url,
                            "--userpool-id", USERPOOL_ID, "--secret", SECRET)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout

    log = requests.get(emulator.url + "/__emulator__/requests", timeout=10).json()["requests"]
    operations = collections.Counter(entry["operation"] for entry in log)
    assert operations["applications.update"] >= 9 and operations["applications.detail"] >= 2
    assert sum(1 for entry in log if entry["operation"] == "applications.update" and entry["code"] == 400) == 6
    assert not [entry for entry in log if entry["code"] == 500], "the SDK hit unimplemented surface"
    assert not [entry for entry in log if entry["operation"] is None], "the SDK hit an unknown route"
