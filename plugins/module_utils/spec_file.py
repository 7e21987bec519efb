# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A tenant spec file -> the spec, shared by the authing_tenant action (controller) and module.

A spec file is YAML or JSON: a vars file that defines ``tenant_spec`` (what playbooks/export.yml
writes; its other keys are ignored) or the spec mapping itself. Plain files are parsed here with
``json`` or libyaml, an order of magnitude faster than Ansible's loader; a file with Jinja
templates or vault data needs Ansible (``needs_ansible``), which only the action plugin has.
No Ansible import: this runs in the module too.
"""

import json

try:
    import yaml
    HAS_YAML = True
except ImportError:  # pragma: no cover - PyYAML comes with ansible-core on the controller
    yaml = None
    HAS_YAML = False

# What only Ansible resolves: Jinja (in values such as a password placeholder), and vault data and
# Ansible's own YAML tags, which only its loader reads.
TEMPLATE_MARKERS = ('{{', '{%', '{#')
ANSIBLE_YAML_MARKERS = ('$ANSIBLE_VAULT', '!vault', '!unsafe')
# The keys of a spec (tenant.SPEC_KEYS; a unit test keeps them equal): a file with one of them at
# the top and no tenant_spec is the spec itself.
SPEC_KEYS = ('custom_fields', 'groups', 'roles', 'users', 'applications', 'orgs', 'policies')
VARIABLE = 'tenant_spec'


class SpecFileError(ValueError):
    """A spec file that cannot be read, with a message that names it."""


def needs_ansible(text):
    return has_template(text) or needs_ansible_loader(text)


def needs_ansible_loader(text):
    return any(marker in text for marker in ANSIBLE_YAML_MARKERS)


def has_template(text):
    return any(marker in text for marker in TEMPLATE_MARKERS)


def _type_name(value):
    return {dict: 'a mapping', list: 'a list', type(None): 'nothing'}.get(type(value), 'a %s' % type(value).__name__)


def parse(text, source):
    """Plain YAML or JSON text -> Python values (no templating, no vault)."""
    if text.lstrip().startswith(('{', '[')):
        try:
            return json.loads(text)
        except ValueError:
            pass  # YAML flow style, or broken JSON: the YAML parser says where
    if not HAS_YAML:
        raise SpecFileError('%s is not JSON, and reading YAML needs the Python library PyYAML' % source)
    loader = getattr(yaml, 'CSafeLoader', None) or yaml.SafeLoader
    try:
        return yaml.load(text, Loader=loader)  # nosec - a safe loader
    except yaml.YAMLError as exc:
        raise SpecFileError('%s is not valid YAML or JSON (%s)' % (source, _yaml_problem(exc)))


def _yaml_problem(exc):
    mark = getattr(exc, 'problem_mark', None)
    problem = getattr(exc, 'problem', None) or str(exc)
    if mark is None:
        return problem
    return 'line %d, column %d: %s' % (mark.line + 1, mark.column + 1, problem)


def spec_of(data, source):
    """The spec a file's data holds: its ``tenant_spec``, or the data itself when it is a spec."""
    if not isinstance(data, dict):
        raise SpecFileError('%s must hold a mapping - the variable %s, or the keys of a tenant spec - got %s'
                            % (source, VARIABLE, _type_name(data)))
    if VARIABLE in data:
        spec = data[VARIABLE]
        if not isinstance(spec, dict):
            raise SpecFileError('%s: %s must be a mapping (the keys %s), got %s'
                                % (source, VARIABLE, ', '.join(SPEC_KEYS), _type_name(spec)))
        return spec
    if any(key in data for key in SPEC_KEYS):
        return data
    raise SpecFileError('%s must define the variable %s (see playbooks/vars/sample_tenant.yml) or be a tenant spec '
                        'itself (the keys %s); it has %s' % (source, VARIABLE, ', '.join(SPEC_KEYS),
                                                             ', '.join(sorted(str(key) for key in data)) or 'no key'))


def decode(data, source):
    try:
        return data.decode('utf-8-sig')
    except UnicodeDecodeError as exc:
        raise SpecFileError('%s is not UTF-8 text (byte %d)' % (source, exc.start))


def read_spec_file(path):
    """The spec of a plain file; templates and vault data are refused (they need the action plugin)."""
    try:
        with open(path, 'rb') as handle:
            text = decode(handle.read(), path)
    except (IOError, OSError) as exc:
        raise SpecFileError('cannot read the spec file %s: %s' % (path, exc.strerror or exc))
    if needs_ansible(text):
        raise SpecFileError('%s holds Jinja templates or vault data, which only a playbook task resolves (the '
                            'authing_tenant action reads the file on the controller)' % path)
    return spec_of(parse(text, path), path)
