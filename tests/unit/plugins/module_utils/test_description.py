"""The description format: what is checked when a description is built (DescriptionError at
import time), fields' option specs, readable/export flags and the defaults of named behaviour."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.description import (
    BEHAVIOUR, REDACTED, DescriptionError, Entity, Field, Link, Ref, Relation, Scope, UnknownReferences, Wire, ids_of)


def wire(**kw):
    return Wire(find=None, create=None, update=None, delete=None, **kw)


def link():
    return Link(read=None, add=None, remove=None)


def entity(**kw):
    args = dict(name='thing', plural='things', key='code', fields=[Field('code'), Field('size')], wire=wire())
    args.update(kw)
    return Entity(**args)


# -- DescriptionError ------------------------------------------------------------------------------

def test_a_consistent_description_builds():
    built = entity(relations=[Relation('members', resolve=None)], wire=wire(links={'members': link()}),
                   normalize=lambda ctx, item: item)
    assert built.relations[0].name == 'members' and built.wire.links['members'].read is None


def test_an_unknown_behaviour_name_is_refused():
    with pytest.raises(DescriptionError) as info:
        entity(prepare=lambda item: item)
    assert 'thing: unknown behaviour prepare' in str(info.value)
    assert 'known: ' + ', '.join(BEHAVIOUR) in str(info.value)


def test_behaviour_must_be_callable():
    with pytest.raises(DescriptionError, match='behaviour check is not callable'):
        entity(check=['not', 'callable'])


@pytest.mark.parametrize('relations,links,words', [
    ([Relation('members', resolve=None)], {}, "wire links [] do not match relations ['members']"),
    ([], {'members': 'link'}, "wire links ['members'] do not match relations []"),
    ([Relation('members', resolve=None)], {'owners': 'link'}, "wire links ['owners'] do not match relations ['members']"),
])
def test_wire_links_must_match_the_relations(relations, links, words):
    with pytest.raises(DescriptionError) as info:
        entity(relations=relations, wire=wire(links=dict((k, link()) for k in links)))
    assert words in str(info.value)


def test_a_trigger_field_needs_a_wire_trigger_and_the_other_way_round():
    fields = [Field('code'), Field('rotate', type='bool', trigger=True)]
    with pytest.raises(DescriptionError, match=r"wire triggers \[\] do not match trigger fields \['rotate'\]"):
        entity(fields=fields)
    with pytest.raises(DescriptionError, match=r"wire triggers \['rotate'\] do not match trigger fields \[\]"):
        entity(wire=wire(triggers={'rotate': lambda ctx, obj, scope: obj}))
    assert entity(fields=fields, wire=wire(triggers={'rotate': lambda ctx, obj, scope: obj})).field('rotate').trigger


@pytest.mark.parametrize('position,sort', [(None, None), (lambda obj: 0, None), (None, lambda ctx, scope, objs: None)])
def test_an_ordered_entity_needs_position_and_sort(position, sort):
    with pytest.raises(DescriptionError, match='an ordered entity needs wire position and sort'):
        entity(ordered=True, wire=wire(position=position, sort=sort))


def test_position_and_sort_make_an_ordered_entity():
    assert entity(ordered=True, wire=wire(position=lambda obj: 0, sort=lambda ctx, scope, objs: None)).ordered


def test_key_options_must_be_fields():
    with pytest.raises(DescriptionError, match='key options title, lang are not fields'):
        entity(key=('title', 'lang'))


def test_every_problem_is_named_at_once():
    with pytest.raises(DescriptionError) as info:
        entity(key='nope', ordered=True, relations=[Relation('members', resolve=None)])
    message = str(info.value)
    assert 'wire links' in message and 'ordered entity' in message and 'key options nope' in message


def test_an_unknown_compare_rule_is_refused():
    with pytest.raises(DescriptionError, match="field size: unknown compare rule 'fuzzy'"):
        Field('size', compare='fuzzy')


# -- fields ------------------------------------------------------------------------------------------

def test_no_log_false_is_part_of_the_option_spec():
    assert Field('key', no_log=False).option_spec() == {'type': 'str', 'no_log': False}
    assert Field('key').option_spec() == {'type': 'str'}
    assert Field('password', secret=True, no_log=False).option_spec()['no_log'] is True


def test_a_trigger_defaults_to_false_and_choices_elements_options_are_passed_on():
    assert Field('rotate', type='bool', trigger=True).option_spec() == {'type': 'bool', 'default': False}
    spec = Field('tags', type='list', elements='dict', options={'a': {}}, choices=['x']).option_spec()
    assert spec == {'type': 'list', 'elements': 'dict', 'options': {'a': {}}, 'choices': ['x']}


@pytest.mark.parametrize('field,readable,exported', [
    (Field('name'), True, True),
    (Field('id', export=False), True, False),
    (Field('password', secret=True), False, False),
    (Field('keep', write_only=True), False, False),
    (Field('rotate', type='bool', trigger=True), False, False),
    (Field('token', secret=True, export=True), False, False),  # a secret is never exported
])
def test_readable_and_export(field, readable, exported):
    assert field.readable is readable and field.export is exported


def test_export_fields_and_present_leave_out_what_cannot_be_read():
    thing = entity(fields=[Field('code'), Field('size'), Field('id', export=False), Field('password', secret=True),
                           Field('rotate', type='bool', trigger=True)],
                   read_only=[Field('created_at', api='createdAt')],
                   wire=wire(triggers={'rotate': lambda ctx, obj, scope: obj}))
    assert thing.export_fields == ['code', 'size']
    view = thing.present({'code': 'c', 'size': 'S', 'id': 'i', 'password': 'pw', 'rotate': True, 'createdAt': 't'})
    assert view == {'code': 'c', 'size': 'S', 'id': 'i', 'created_at': 't'}
    assert thing.present(None) == {}
    assert thing.to_api({'size': 'M', 'rotate': True}) == {'size': 'M'}


@pytest.mark.parametrize('compare,desired,current,same', [
    ('exact', {'a': [1]}, {'a': [1]}, True), ('exact', 'x', 'X', False),
    ('text', '', None, True), ('text', 'a', None, False),
    ('set', ['b', 'a', 'a'], ['a', 'b'], True), ('set', ['a'], None, False),
    ('ci', 'A@B.co', 'a@b.co', True),
    ('subset', {'a': 1}, {'a': 1, 'b': 2}, True), ('subset', {'a': 1, 'c': None}, {'a': 1}, True),
    ('subset', {'a': 2}, {'a': 1}, False),
    ('ignore', 5, 9, True),
])
def test_compare_rules(compare, desired, current, same):
    assert Field('f', compare=compare).same(desired, current) is same


def test_from_api_and_to_api():
    field = Field('tags', api='tagList', from_api=lambda v: sorted(v or []), to_api=','.join)
    assert field.read({'tagList': ['b', 'a']}) == ['a', 'b'] and field.read({}) == []
    assert field.to_api(['a', 'b']) == 'a,b'


# -- entities: spec, defaults of named behaviour ---------------------------------------------------------

def test_item_spec_of_an_entity():
    thing = entity(fields=[Field('code'), Field('pw', secret=True, write_only=True, update_policy='update_pw')],
                   rename=Field('new_code'), scope=Scope('app', resolve=None),
                   relations=[Relation('members', resolve=None, elements='raw')], wire=wire(links={'members': link()}),
                   extra_options={'extra': {'type': 'bool'}})
    spec = thing.item_spec()
    assert spec['pw'] == {'type': 'str', 'no_log': True}
    assert spec['update_pw'] == {'type': 'str', 'choices': ['always', 'on_create'], 'default': 'on_create',
                                 'no_log': False}
    assert spec['new_code'] == {'type': 'str'} and spec['app'] == {'type': 'str'} and spec['extra'] == {'type': 'bool'}
    assert spec['members'] == {'type': 'list', 'elements': 'raw'}
    assert spec['members_mode'] == {'type': 'str', 'choices': ['exact', 'append', 'remove'], 'default': 'exact'}
    assert spec['state'] == {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'}
    bulk = thing.item_spec(bulk_item=True)
    assert bulk['code']['required'] is True and 'default' not in bulk['state']
    assert 'required' not in spec['code']


def test_defaults_of_named_behaviour():
    thing = entity()
    item = {'code': 'c', 'size': 'S'}
    assert thing.call('normalize', None, item) is item
    assert thing.call('validate', item) == [] and thing.call('check', None, []) == []
    assert thing.identity(item) == 'c' and thing.identities({'code': 'c'}) == ['c']
    assert thing.label(item) == 'c'
    composite = entity(key=('code', 'size'))
    assert composite.identity(item) == ('c', 'S') and composite.identities(item) == [('c', 'S')]
    assert composite.label({'code': 'c', 'size': None}) == 'c' and composite.label(item) == 'c S'
    assert composite.key_options(item) == {'code': 'c', 'size': 'S'}
    listing = entity(wire=wire(list_all=lambda ctx, scope: ['all of', scope]))
    assert listing.call('info_list', None, {}, 'scope') == ['all of', 'scope']


def test_given_behaviour_replaces_the_default():
    thing = entity(label=lambda values: 'the %s' % values['code'], identity=lambda item: item['code'].upper())
    assert thing.label({'code': 'c'}) == 'the c' and thing.identity({'code': 'c'}) == 'C'
    assert 'required' not in thing.item_spec(bulk_item=True)['code'], 'an identity behaviour decides what is needed'


def test_refs_and_unknown_references():
    assert Ref('i', 'l').attrs is None and ids_of([Ref('a', 'A'), Ref('b', 'B')]) == ['a', 'b']
    exc = UnknownReferences('user', ['bob', 'al'])
    assert exc.refs == ['al', 'bob'] and str(exc) == 'unknown user: al, bob' and exc.kind == 'user'
    assert REDACTED == '********'
