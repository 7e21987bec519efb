# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``authing.cloud.tenant_plan`` filter (documented in tenant_plan.yml), kept for playbooks
written against 1.0: the module authing_tenant does all of it in one task. The steps and the
summary are those of ``plugins/module_utils/tenant.py``, so the spec format has one definition."""

from ansible_collections.authing.cloud.plugins.module_utils.tenant import PURGE_KEYS, STEPS, Outcome, mode_of, step_label


def _plain(value):
    """Plain Python containers (registered results arrive as Ansible's tagged types)."""
    if isinstance(value, dict):
        return dict((k, _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def tenant_plan(spec, purge=None, results=None, check_mode=False):
    """{'lists': {step: [...]}, 'modes': {purge key: exact|append}, 'summary': [lines],
    'counts': {step: {processed, changed, ...}}, 'check_mode': bool}."""
    spec, purge, results = _plain(spec) or {}, _plain(purge) or {}, _plain(results) or {}
    lists, outcome = {}, Outcome(bool(check_mode))
    for step in STEPS:
        items = [item for _path, item in step.items(spec, purge)]
        lists[step.name] = items
        registered = (results.get(step.name) or {}).get(step.entity.plural) or []
        outcome.add_results(step, [step_label(step.entity, item) for item in items], registered)
    return {
        'lists': lists,
        'modes': dict((key, mode_of(purge, key)) for key in PURGE_KEYS),
        'summary': outcome.summary(),
        'counts': outcome.counts(),
        'check_mode': bool(check_mode),
    }


class FilterModule(object):
    def filters(self):
        return {'tenant_plan': tenant_plan}
