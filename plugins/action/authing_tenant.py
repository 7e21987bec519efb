# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing_tenant's action: reads ``spec_file`` on the controller and runs the module with ``spec``.

Why: a 1,000-user spec given as a variable costs more in Ansible (include_vars' YAML loader, role
argument validation, templating and encoding the ``spec:`` argument) than the module's own run.
A file path costs nothing to template; a file is parsed with ``json`` or libyaml
(module_utils/spec_file.py), and only one with vault data or Ansible's YAML tags by Ansible's
loader. Values with Jinja are rendered with the task's variables, so ``password: "{{ vault_pw }}"``
with ``-e @secrets.vault.yml`` works as it did with include_vars.
"""

from __future__ import annotations

import inspect
import re

from ansible.errors import AnsibleError, AnsibleFileNotFound
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash

from ansible_collections.authing.cloud.plugins.module_utils.spec_file import (
    SpecFileError, decode, has_template, needs_ansible, needs_ansible_loader, parse, spec_of)

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core < 2.19 templates every string
    def trust_as_template(value):
        return value

MODULE = 'authing.cloud.authing_tenant'
# "{{ vault_initial_password }}": the same value wherever it appears in one file
VARIABLE_REFERENCE = re.compile(r'^\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}$')


class ActionModule(ActionBase):

    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        args = dict(self._task.args)
        spec_file = args.pop('spec_file', None)
        if spec_file is not None and args.get('spec') is not None:
            return dict(result, failed=True, msg='spec and spec_file are mutually exclusive: give the spec itself '
                                                 '(spec) or the file that holds it (spec_file), not both')
        if spec_file is None and args.get('spec') is None:
            return dict(result, failed=True, msg='authing_tenant needs spec (the tenant spec) or spec_file (a YAML '
                                                 'or JSON file that holds it)')
        if spec_file is not None:
            try:
                args['spec'] = self._spec_from_file(spec_file)
            except SpecFileError as exc:
                return dict(result, failed=True, msg=str(exc))
        wrap_async = self._task.async_val and not getattr(self._connection, 'has_native_async', False)
        result = merge_hash(result, self._execute_module(module_name=MODULE, module_args=args, task_vars=task_vars,
                                                         wrap_async=wrap_async))
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        invocation = result.get('invocation')
        if spec_file is not None and isinstance(invocation, dict) and isinstance(invocation.get('module_args'), dict):
            invocation['module_args']['spec_file'] = spec_file
        return result

    def _spec_from_file(self, spec_file):
        if not isinstance(spec_file, str) or not spec_file.strip():
            raise SpecFileError('spec_file must be the path of a YAML or JSON file, got %r' % (spec_file,))
        try:
            path = self._find_needle('vars', spec_file)
        except AnsibleFileNotFound as exc:
            searched = getattr(exc, 'paths', None) or []
            raise SpecFileError('spec_file %s does not exist%s' % (
                spec_file, ' (looked for %s)' % ', '.join(searched) if searched else ''))
        try:
            with open(path, 'rb') as handle:
                text = decode(handle.read(), path)
        except (IOError, OSError) as exc:
            raise SpecFileError('cannot read the spec file %s: %s' % (path, exc.strerror or exc))
        if not needs_ansible(text):
            return spec_of(parse(text, path), path)
        data = self._ansible_load(path) if needs_ansible_loader(text) else parse(text, path)
        spec = spec_of(data, path)
        try:
            return self._resolved(spec, {})
        except AnsibleError as exc:
            raise SpecFileError('a template in %s failed: %s' % (path, to_text(exc.message)))

    def _ansible_load(self, path):
        """Vault data and Ansible's YAML tags, read as include_vars reads them."""
        # ansible-core 2.19+ templates only strings marked as templates; older cores any string
        trusted = 'trusted_as_template' in inspect.signature(self._loader.load_from_file).parameters
        try:
            if trusted:
                return self._loader.load_from_file(path, cache='none', trusted_as_template=True)
            return self._loader.load_from_file(path, cache='none')
        except AnsibleError as exc:
            raise SpecFileError('%s cannot be read: %s' % (path, to_text(exc.message)))

    def _resolved(self, value, rendered):
        """Templates only the strings that hold one: one templar call costs about a millisecond
        (more with many variables), and the whole structure of 1,000 users seconds. A plain
        variable reference (what playbooks/export.yml writes for every user's password) is
        rendered once per file."""
        if isinstance(value, dict):
            return dict((key, self._resolved(item, rendered)) for key, item in value.items())
        if isinstance(value, list):
            return [self._resolved(item, rendered) for item in value]
        if isinstance(value, str):
            if not has_template(value):
                return value
            if not VARIABLE_REFERENCE.match(value):
                return self._templar.template(trust_as_template(value))
            if value not in rendered:
                rendered[value] = self._templar.template(trust_as_template(value))
            return rendered[value]
        if getattr(value, '__ENCRYPTED__', False) or type(value).__name__ == 'EncryptedString':
            return str(value)  # a !vault value: decrypted, never templated (as Ansible does)
        return value
