# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``authing.cloud.tenant_plan`` filter (documented in tenant_plan.yml): the engine room of
the authing.cloud.tenant role. The logic lives in ``plugins/module_utils/tenant.py``, shared with
the export module authing_tenant_info, so the spec format has one definition."""

from ansible_collections.authing.cloud.plugins.module_utils.tenant import ENTITIES, PURGE_KEYS, TenantPlan


def _plain(value):
    """Plain Python containers (registered results arrive as Ansible's tagged types)."""
    if isinstance(value, dict):
        return dict((k, _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def tenant_plan(spec, purge=None, results=None, check_mode=False):
    """{'lists': {entity: [...]}, 'modes': {purge key: exact|append}, 'summary': [lines],
    'counts': {entity: {processed, changed}}, 'check_mode': bool}."""
    plan = TenantPlan(_plain(spec), _plain(purge), _plain(results), check_mode)
    return {
        'lists': dict((entity, plan.items(entity)) for entity in ENTITIES),
        'modes': dict((key, plan.mode(key)) for key in PURGE_KEYS),
        'summary': plan.summary(),
        'counts': plan.counts(),
        'check_mode': bool(check_mode),
    }


class FilterModule(object):
    def filters(self):
        return {'tenant_plan': tenant_plan}
