"""A spec file -> the spec: the one loader of the authing_tenant action and module."""

import json

import pytest

from ansible_collections.authing.cloud.plugins.module_utils import spec_file, tenant
from ansible_collections.authing.cloud.plugins.module_utils.spec_file import SpecFileError, read_spec_file

SPEC = {'groups': [{'code': 'dev', 'name': 'Dev'}], 'users': [{'username': 'ann', 'groups': ['dev']}]}


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding='utf-8')
    return str(path)


def test_the_spec_keys_are_the_tenants():
    assert spec_file.SPEC_KEYS == tenant.SPEC_KEYS


@pytest.mark.parametrize('name, text', [
    ('vars.yml', '---\ntenant_spec:\n  groups:\n    - {code: dev, name: Dev}\n  users:\n    - username: ann\n'
                 '      groups: [dev]\nother_variable: ignored\n'),
    ('vars.json', json.dumps({'tenant_spec': SPEC, 'other_variable': 1})),
    ('bare.yml', 'groups:\n  - {code: dev, name: Dev}\nusers:\n  - {username: ann, groups: [dev]}\n'),
    ('bare.json', json.dumps(SPEC)),
    ('flow.yml', '{groups: [{code: dev, name: Dev}], users: [{username: ann, groups: [dev]}]}'),
])
def test_a_vars_file_or_the_bare_spec_in_yaml_or_json(tmp_path, name, text):
    assert read_spec_file(write(tmp_path, name, text)) == SPEC


def test_plain_values_stay_plain(tmp_path):
    spec = read_spec_file(write(tmp_path, 's.yml', 'users:\n  - {username: ann, blocked: true, nickname: "Ann"}\n'))
    user = spec['users'][0]
    assert type(user['username']) is str and user['blocked'] is True  # pylint: disable=unidiomatic-typecheck


@pytest.mark.parametrize('text, message', [
    ('tenant_spec:\n  groups: [\n', 'is not valid YAML or JSON (line 3, column 1: '),
    ('{"groups": [}', 'is not valid YAML or JSON (line 1, column 13: '),
    ('- groups\n', 'must hold a mapping - the variable tenant_spec, or the keys of a tenant spec - got a list'),
    ('', 'must hold a mapping - the variable tenant_spec, or the keys of a tenant spec - got nothing'),
    ('tenant_spec: [1]\n', 'tenant_spec must be a mapping (the keys custom_fields, groups, roles, users, applications, '
                           'orgs, policies), got a list'),
    ('gruops: []\nname: x\n', 'must define the variable tenant_spec (see playbooks/vars/sample_tenant.yml) or be a tenant '
                              'spec itself (the keys custom_fields, groups, roles, users, applications, orgs, policies); '
                              'it has gruops, name'),
])
def test_what_is_wrong_with_a_file_is_said_with_its_path(tmp_path, text, message):
    path = write(tmp_path, 'bad.yml', text)
    with pytest.raises(SpecFileError) as info:
        read_spec_file(path)
    assert str(info.value).startswith(path) and message in str(info.value), str(info.value)


def test_a_missing_or_binary_file(tmp_path):
    with pytest.raises(SpecFileError, match=r'^cannot read the spec file .*/nope.yml: No such file or directory$'):
        read_spec_file(str(tmp_path / 'nope.yml'))
    binary = tmp_path / 'spec.bin'
    binary.write_bytes(b'groups: [\xff]\n')
    with pytest.raises(SpecFileError, match=r'is not UTF-8 text \(byte 9\)$'):
        read_spec_file(str(binary))


@pytest.mark.parametrize('text', [
    'users:\n  - {username: ann, password: "{{ vault_pw }}"}\n',
    'users:\n  - {username: ann, nickname: "{% if x %}a{% endif %}"}\n',
    'users:\n  - username: ann\n    password: !vault |\n      $ANSIBLE_VAULT;1.1;AES256\n      6162\n',
    '$ANSIBLE_VAULT;1.1;AES256\n6162636465\n',
])
def test_templates_and_vault_data_are_left_to_ansible(tmp_path, text):
    assert spec_file.needs_ansible(text)
    with pytest.raises(SpecFileError, match='holds Jinja templates or vault data, which only a playbook task resolves'):
        read_spec_file(write(tmp_path, 'secret.yml', text))


def test_which_files_need_ansibles_loader():
    assert spec_file.needs_ansible_loader('password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n')
    assert spec_file.needs_ansible_loader('name: !unsafe "{{ raw }}"')
    assert not spec_file.needs_ansible_loader('password: "{{ vault_pw }}"')
    assert spec_file.has_template('{{ x }}') and spec_file.has_template('{# note #}') and not spec_file.has_template('{x}')


def test_parse_without_libyaml_falls_back_to_the_python_loader(monkeypatch):
    monkeypatch.delattr(spec_file.yaml, 'CSafeLoader', raising=False)
    assert spec_file.parse('groups: [{code: a, name: A}]', 'x.yml') == {'groups': [{'code': 'a', 'name': 'A'}]}
