# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``authing.cloud.drift_entry`` filter (documented in drift_entry.yml): one object's diff as
the fields that differ, for the drift report (playbooks/drift.yml)."""

MISSING = None
ACTIONS = {('', 'x'): 'missing from the tenant', ('x', ''): 'not in the spec', ('x', 'x'): 'changed'}


def drift_entry(diff):
    """{object, action, fields: [{name, tenant, spec}]} from a diff {before, after, before_header}."""
    before, after = diff.get('before') or {}, diff.get('after') or {}
    fields = [{'name': name, 'tenant': before.get(name, MISSING), 'spec': after.get(name, MISSING)}
              for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)]
    action = ACTIONS[('x' if before else '', 'x' if after else '')] if (before or after) else 'changed'
    return {'object': diff.get('before_header') or diff.get('after_header'), 'action': action, 'fields': fields}


class FilterModule(object):
    def filters(self):
        return {'drift_entry': drift_entry}
