"""run_tenant_module: spec or spec_file, and the spec's secrets kept out of results and logs."""

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.authing.cloud.plugins.module_utils import runner
from ansible_collections.authing.cloud.plugins.module_utils.tenant import spec_secret_values

PASSWORD = 'Very-Secret-Pw-1'
SPEC = {'groups': [{'code': 'dev', 'name': 'Dev'}],
        'users': [{'username': 'ann', 'password': PASSWORD, 'groups': ['dev']}, {'username': 'bob'}]}


class FakeOutcome(object):
    changed = False

    @staticmethod
    def summary():
        return ['applied: 0 object(s) changed']

    @staticmethod
    def counts():
        return {}

    @staticmethod
    def changes():
        return {}


@pytest.fixture
def tenant_runs(monkeypatch):
    """The specs the module would apply; Tenant and the client are fakes (no HTTP here)."""
    seen = []

    class FakeTenant(object):
        def __init__(self, client, spec, *args, **kwargs):
            seen.append(spec)

        @staticmethod
        def run():
            return FakeOutcome()

    monkeypatch.setattr(runner, 'Tenant', FakeTenant)
    monkeypatch.setattr(runner, 'client_for', lambda module, concurrency=1: object())
    return seen


@pytest.fixture
def logged(monkeypatch):
    lines = []
    monkeypatch.setattr(runner.AuthingModule, 'log', lambda self, msg, log_args=None: lines.append(msg))
    return lines


def run(args, capsys):
    args = dict({'access_token': 'token', '_ansible_inject_invocation': True}, **args)
    with patch_module_args(args), pytest.raises(SystemExit):
        runner.run_tenant_module()
    out = capsys.readouterr().out
    return out, json.loads(out)


def test_spec_secret_values_are_the_no_log_options_of_every_item():
    assert spec_secret_values(SPEC) == {PASSWORD}
    assert spec_secret_values({'users': [{'username': 'x', 'password': 'p1'}, 'not an item', {'password': ['odd']}],
                               'groups': 'not a list', 'applications': [{'resources': 5}]}) >= {'p1'}
    assert spec_secret_values(None) == set() and spec_secret_values('text') == set()


def test_the_spec_is_never_echoed_and_its_passwords_never_shown(capsys, tenant_runs, logged):
    out, result = run({'spec': SPEC}, capsys)
    assert tenant_runs == [SPEC]
    assert result['invocation']['module_args']['spec'] == '(spec: 1 groups, 2 users - not echoed)'
    assert PASSWORD not in out
    assert logged and all(PASSWORD not in line for line in logged), logged


def test_a_failure_while_the_options_are_checked_hides_the_passwords_too(capsys, tenant_runs):
    out, result = run({'spec': SPEC, 'concurrency': 'many'}, capsys)
    assert result['failed'] and 'concurrency' in result['msg'] and not tenant_runs
    assert result['invocation']['module_args']['spec'] == '(spec: 1 groups, 2 users - not echoed)'
    assert PASSWORD not in out


def test_spec_file_is_read_by_the_module_outside_a_playbook(tmp_path, capsys, tenant_runs):
    path = tmp_path / 'tenant.json'
    path.write_text(json.dumps({'tenant_spec': SPEC}))
    out, result = run({'spec_file': str(path)}, capsys)
    assert tenant_runs == [SPEC] and not result.get('failed')
    assert result['invocation']['module_args']['spec_file'] == str(path)
    assert PASSWORD not in out


@pytest.mark.parametrize('args, message', [
    ({}, 'one of the following is required: spec, spec_file'),
    ({'spec': SPEC, 'spec_file': '/x.yml'}, 'parameters are mutually exclusive: spec|spec_file'),
    ({'spec_file': '/nonexistent/tenant.yml'}, 'cannot read the spec file /nonexistent/tenant.yml: No such file'),
])
def test_spec_or_spec_file(capsys, tenant_runs, args, message):
    out, result = run(args, capsys)
    assert result['failed'] and message in result['msg'], result['msg']
    assert not tenant_runs and PASSWORD not in out


def test_echoed_params_count_the_spec():
    assert runner.tenant_echoed_params({'spec': {}, 'purge': {}}) == {'spec': '(spec: empty - not echoed)', 'purge': {}}
    assert runner.tenant_echoed_params({'spec': 'text'})['spec'] == '(spec: not echoed)'
    assert runner.tenant_echoed_params({'spec': None, 'spec_file': 'f.yml'}) == {'spec': None, 'spec_file': 'f.yml'}
