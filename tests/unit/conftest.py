"""Make the repository importable as ansible_collections.authing.cloud, as ansible-test does."""

import os
import sys
import tempfile

_REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def _collection_root():
    try:
        import ansible_collections.authing.cloud  # noqa: F401  pylint: disable=unused-import
        return None
    except ImportError:
        pass
    root = tempfile.mkdtemp(prefix='authing-unit-')
    os.makedirs(os.path.join(root, 'ansible_collections', 'authing'))
    os.symlink(_REPO, os.path.join(root, 'ansible_collections', 'authing', 'cloud'))
    return root


_ROOT = _collection_root()
if _ROOT:
    sys.path.insert(0, _ROOT)
