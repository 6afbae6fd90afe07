#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License. You may obtain
#    a copy of the License at
#
#         http://www.apache.org/licenses/LICENSE-2.0
#
#    Unless required by applicable law or agreed to in writing, software
#    distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
#    WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
#    License for the specific language governing permissions and limitations
#    under the License.
"""A DLVM controller in memory, at the level of its HTTP answers.

It follows the Java controller's rules where the driver depends on them
(bundles/rest DlvResource and JsonBody, bundles/worker DlvRegistry): strict
bodies (an unknown field or a wrong type is a 400), the name rule, sizes
rounded to 4 MiB per stripe member, 202 with an operation that ends after
``op_seconds`` of the clock, 409 ``busy`` while an operation holds the dlv,
snapshots only of attached dlvs, revert only of detached ones, 501 for a
``source`` when clone_supported is cleared (DLVM before online clone), and a
clone's source must be attached, as in DLVM. The same model answers through
requests_mock (install) and through a real HTTP server (serve).
"""

import base64
import http.server
import json
import re
import selectors
import threading
import urllib.parse

import requests_mock
from requests_mock.contrib import fixture

from dlvm_cinder import client as dlvm_client

GiB = 1 << 30
EXTENT = 4 << 20
NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$')
SERVED = ('attached', 'degraded')


class FakeTime(object):
    """Stands in for the time module of dlvm_cinder.client: sleep is instant."""

    def __init__(self, now=1000.0):
        self.now = now
        self.sleeps = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class Refused(Exception):
    def __init__(self, status, error, message):
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message


def _invalid(error, message):
    return Refused(400, error, message)


def _not_found(kind, name):
    return Refused(404, 'not_found', "no %s named '%s'" % (kind, name))


def _conflict(error, message):
    return Refused(409, error, message)


class Body(object):
    """JsonBody's checks: one object, known fields, exact JSON types."""

    def __init__(self, raw, allowed):
        try:
            value = json.loads(raw.decode('utf-8')) if raw else {}
        except ValueError as e:
            raise _invalid('invalid_json', 'the body is not valid JSON: %s'
                           % e)
        if not isinstance(value, dict):
            raise _invalid('invalid_json', 'the body must be a JSON object')
        for field in value:
            if field not in allowed:
                raise _invalid('unknown_field', "unknown field '%s'; "
                               "allowed: %s" % (field,
                                                ', '.join(sorted(allowed))))
        self.value = value

    def _typed(self, field, check, kind):
        v = self.value.get(field)
        if v is not None and not check(v):
            raise _invalid('wrong_type', "field '%s' must be %s, got %r"
                           % (field, kind, v))
        return v

    def string(self, field, required=False):
        v = self._typed(field, lambda x: isinstance(x, str), 'a string')
        if v is None and required:
            raise _invalid('missing_field', "field '%s' is required" % field)
        return v

    def integer(self, field, required=False, default=None):
        v = self._typed(field, lambda x: isinstance(x, int)
                        and not isinstance(x, bool), 'an integer')
        if v is None and required:
            raise _invalid('missing_field', "field '%s' is required" % field)
        return default if v is None else v

    def boolean(self, field, default):
        v = self._typed(field, lambda x: isinstance(x, bool), 'true or false')
        return default if v is None else v

    def obj(self, field):
        return self._typed(field, lambda x: isinstance(x, dict), 'an object')


def _name(field, value):
    if not NAME.match(value):
        raise _invalid('invalid_name', "field '%s' must match %s, got '%s'"
                       % (field, NAME.pattern, value))
    return value


def _rounded(field, size, stripes):
    if size <= 0 or size > 1 << 50:
        raise _invalid('out_of_range', '%s must be between 1 and %d bytes, '
                       'got %d' % (field, 1 << 50, size))
    unit = EXTENT * stripes
    return -(-size // unit) * unit


class FakeDlvm(object):

    def __init__(self, clock, user='cinder', password='secret',
                 op_seconds=3.0, page_size=1000):
        self.clock = clock
        self.user = user
        self.password = password
        self.op_seconds = op_seconds
        self.page_size = page_size
        # False: a DLVM older than online clone (501 for a source)
        self.clone_supported = True
        self.dvgs = {}
        self.ihosts = set()
        self.dlvs = {}
        self.snapshots = {}
        self.operations = {}
        self.requests = []
        self._failures = {}
        self._injected = []
        self._seq = 0
        self._lock = threading.Lock()
        self._routes = [
            ('GET', r'', self._root, None),
            ('GET', r'/health', self._health, None),
            ('GET', r'/dvgs/(?P<dvg>[^/]+)', self._get_dvg, None),
            ('GET', r'/dlvs', self._list_dlvs, None),
            ('POST', r'/dlvs', self._create, (
                'name', 'size', 'dvg', 'stripe_number', 'replicas',
                'data_size', 'source')),
            ('GET', r'/dlvs/(?P<dlv>[^/]+)', self._get_dlv, None),
            ('DELETE', r'/dlvs/(?P<dlv>[^/]+)', self._delete, None),
            ('POST', r'/dlvs/(?P<dlv>[^/]+)/attach', self._attach,
             ('ihost',)),
            ('POST', r'/dlvs/(?P<dlv>[^/]+)/detach', self._detach,
             ('force',)),
            ('POST', r'/dlvs/(?P<dlv>[^/]+)/extend', self._extend,
             ('size',)),
            ('POST', r'/dlvs/(?P<dlv>[^/]+)/revert', self._revert,
             ('snapshot',)),
            ('GET', r'/dlvs/(?P<dlv>[^/]+)/snapshots', self._snapshots, None),
            ('POST', r'/dlvs/(?P<dlv>[^/]+)/snapshots',
             self._create_snapshot, ('name',)),
            ('GET', r'/dlvs/(?P<dlv>[^/]+)/snapshots/(?P<snap>[^/]+)',
             self._get_snapshot, None),
            ('DELETE', r'/dlvs/(?P<dlv>[^/]+)/snapshots/(?P<snap>[^/]+)',
             self._delete_snapshot, None),
            ('GET', r'/operations/(?P<op>[^/]+)', self._get_operation, None),
        ]

    # ---- what a test sets up

    def add_dvg(self, name, total_size, free_size=None):
        self.dvgs[name] = {'name': name, 'dpvs': ['dpv1', 'dpv2', 'dpv3'],
                           'total_size': total_size,
                           'free_size': (total_size if free_size is None
                                         else free_size),
                           'dlv_count': 0, 'domain_policy': 'preferred',
                           'repair_after_seconds': None}

    def add_ihost(self, name):
        self.ihosts.add(name)

    def add_dlv(self, name, size, dvg, status='available', ihost=None,
                stripe_number=1, replicas=2):
        self.dlvs[name] = {
            'name': name, 'dvg': dvg, 'size': size, 'data_size': size,
            'stripe_number': stripe_number, 'replicas': replicas,
            'status': status, 'reason': None, 'ihost': ihost,
            'device_path': ('/dev/mapper/dlvm-%s' % name
                            if status in SERVED else None),
            'groups': [], 'created_at': '2026-12-01T00:00:00Z',
            'updated_at': '2026-12-01T00:00:00Z', 'revert_pending': None,
            '_last_op': None, '_cloned_at': None}
        if dvg in self.dvgs:
            self.dvgs[dvg]['dlv_count'] += 1
        return self.dlvs[name]

    def add_snapshot(self, dlv, name, status='available'):
        self.snapshots[(dlv, name)] = {'name': name, 'dlv': dlv,
                                       'status': status,
                                       'created_at': '2026-12-01T00:00:00Z'}

    def fail_next(self, kind, reason):
        """The next operation of this kind fails with this reason."""
        self._failures[kind] = reason

    def inject(self, method, path, status, error, message, times=1):
        """Answer the next `times` requests to path (a regex) with an error."""
        self._injected.append([method, re.compile(path + '$'), status, error,
                               message, times])

    def hold(self, dlv, kind='dlv-restore', seconds=None):
        """An operation of DLVM's own holds the dlv (409 busy meanwhile)."""
        return self._start(kind, dlv, lambda: None, lambda reason: None,
                           seconds)

    def calls(self, method=None, path=None):
        """The requests received but the polls of operations, in order."""
        pattern = re.compile(path + '$') if path else None
        return [(m, p, b) for (m, p, b) in self.requests
                if not p.startswith('/operations/')
                and (method is None or m == method)
                and (pattern is None or pattern.match(p))]

    # ---- HTTP

    def handle(self, method, path, query, raw_body, authorization, base_url):
        """One request; path is relative to /api/v1. Returns status,
        headers and the JSON body (None for none)."""
        with self._lock:
            try:
                body = json.loads(raw_body.decode('utf-8')) if raw_body \
                    else None
            except ValueError:
                body = raw_body
            self.requests.append((method, path, body))
            self._advance()
            try:
                return self._dispatch(method, path.rstrip('/'), query,
                                      raw_body, authorization, base_url)
            except Refused as r:
                return r.status, {}, {'error': r.error,
                                      'message': r.message}

    def _dispatch(self, method, path, query, raw_body, authorization,
                  base_url):
        public = method == 'GET' and path in ('', '/health')
        if not public and authorization != (self.user, self.password):
            raise Refused(401, 'unauthorized', 'wrong user or password'
                          if authorization else
                          'HTTP Basic credentials are required')
        for injected in self._injected:
            if injected[0] == method and injected[1].match(path) \
                    and injected[5] > 0:
                injected[5] -= 1
                raise Refused(injected[2], injected[3], injected[4])
        for m, pattern, handler, fields in self._routes:
            match = re.match(pattern + '$', path)
            if match and m == method:
                kwargs = match.groupdict()
                if fields is not None:
                    kwargs['body'] = Body(raw_body, set(fields))
                if handler == self._list_dlvs:
                    kwargs.update(query=query, base_url=base_url)
                return handler(**kwargs)
        raise _not_found('resource', path)

    # ---- operations

    def _now(self):
        return self.clock()

    def _start(self, kind, dlv, succeed, fail, seconds=None):
        target = 'dlv/%s' % dlv
        for op in self.operations.values():
            if op['target'] == target and op['status'] in ('pending',
                                                           'running'):
                raise _conflict('busy', '%s is busy with operation %s (%s, '
                                '%s)' % (target, op['id'], op['kind'],
                                         op['status']))
        self._seq += 1
        op = {'id': 'op-%d' % self._seq, 'kind': kind, 'target': target,
              'status': 'pending', 'error': None,
              'created_at': '2026-12-01T00:00:00Z', 'finished_at': None,
              'requested_by': self.user,
              '_done_at': self._now() + (self.op_seconds if seconds is None
                                         else seconds),
              '_succeed': succeed, '_fail': fail,
              '_failure': self._failures.pop(kind, None)}
        self.operations[op['id']] = op
        if dlv in self.dlvs:
            self.dlvs[dlv]['_last_op'] = kind
        return op

    def _advance(self):
        now = self._now()
        for op in list(self.operations.values()):
            if op['status'] not in ('pending', 'running'):
                continue
            if now < op['_done_at']:
                op['status'] = 'running'
                continue
            op['finished_at'] = '2026-12-01T00:01:00Z'
            if op['_failure']:
                op['status'] = 'failed'
                op['error'] = op['_failure']
                op['_fail'](op['_failure'])
            else:
                op['status'] = 'succeeded'
                op['_succeed']()
        for dlv in self.dlvs.values():
            if dlv['status'] == 'cloning' and now >= dlv['_cloned_at']:
                dlv['status'] = 'available'

    @staticmethod
    def _op(op):
        return {k: v for k, v in op.items() if not k.startswith('_')}

    def _accepted(self, obj, op):
        answer = dict(obj)
        answer['operation'] = self._op(op)
        return 202, {}, answer

    def _get_operation(self, op):
        if op not in self.operations:
            raise _not_found('operation', op)
        return 200, {}, self._op(self.operations[op])

    # ---- service, dvgs

    def _root(self):
        return 200, {}, {'service': 'dlvm', 'api': 'v1', 'version': '0.9.0'}

    def _health(self):
        return 200, {}, {'status': 'ok', 'checks': {'database': 'ok',
                                                     'broker': 'ok'}}

    def _get_dvg(self, dvg):
        if dvg not in self.dvgs:
            raise _not_found('dvg', dvg)
        return 200, {}, dict(self.dvgs[dvg])

    # ---- dlvs

    def _view(self, dlv):
        view = {k: v for k, v in dlv.items() if not k.startswith('_')}
        view['snapshots'] = sorted(s for (d, s) in self.snapshots
                                   if d == dlv['name'])
        return view

    def _find(self, name):
        if name not in self.dlvs:
            raise _not_found('dlv', name)
        return self.dlvs[name]

    def _list_dlvs(self, query, base_url):
        limit = int(query.get('limit', ['100'])[0])
        if limit < 1 or limit > 1000:
            raise _invalid('invalid_limit', 'limit must be between 1 and 1000'
                           ', got %d' % limit)
        limit = min(limit, self.page_size)
        marker = query.get('marker', [None])[0]
        dlvs = [d for n, d in sorted(self.dlvs.items())
                if (marker is None or n > marker)
                and all(d.get(f) == query[f][0] for f in ('dvg', 'status',
                                                          'ihost')
                        if f in query)]
        page = dlvs[:limit]
        headers = {}
        if len(dlvs) > limit:
            params = {k: v[0] for k, v in query.items()}
            params.update(marker=page[-1]['name'], limit=limit)
            headers['Link'] = '<%s/dlvs?%s>; rel="next"' % (
                base_url, urllib.parse.urlencode(sorted(params.items())))
        return 200, headers, [self._view(d) for d in page]

    def _get_dlv(self, dlv):
        return 200, {}, self._view(self._find(dlv))

    def _create(self, body):
        name = body.string('name', required=True)
        size = body.integer('size', required=True)
        dvg = body.string('dvg', required=True)
        stripes = body.integer('stripe_number', default=1)
        replicas = body.integer('replicas', default=2)
        data_size = body.integer('data_size')
        source = body.obj('source')
        if source is not None and not self.clone_supported:
            raise Refused(501, 'not_implemented',
                          "creating a dlv from a 'source' (online clone) is "
                          "not available in this version of DLVM yet; create "
                          "it without 'source'")
        _name('name', name)
        _name('dvg', dvg)
        if not 1 <= stripes <= 64:
            raise _invalid('out_of_range', 'stripe_number must be between 1 '
                           'and 64, got %d' % stripes)
        if not 1 <= replicas <= 3:
            raise _invalid('out_of_range', 'replicas must be between 1 and 3'
                           ', got %d' % replicas)
        size = _rounded('size', size, stripes)
        data = size if data_size is None else _rounded('data_size',
                                                       data_size, stripes)
        if data > size:
            raise _invalid('out_of_range', 'data_size (%d) must not exceed '
                           'size (%d)' % (data_size, size))
        if dvg not in self.dvgs:
            raise _not_found('dvg', dvg)
        if source is not None:
            self._check_source(source)
        existing = self.dlvs.get(name)
        if existing is not None:
            same = (existing['dvg'], existing['size'],
                    existing['stripe_number'], existing['replicas']) == (
                dvg, size, stripes, replicas)
            if not (existing['status'] == 'error' and same
                    and existing['_last_op'] == 'dlv-create'):
                raise _conflict('exists', "a dlv named '%s' exists (%s)"
                                % (name, existing['status']))
            dlv = existing
        else:
            pool = self.dvgs[dvg]
            if pool['free_size'] < data * replicas:
                raise _conflict('no_space', 'the dvg cannot hold a mirror of '
                                '%d replicas' % replicas)
            pool['free_size'] -= data * replicas
            dlv = self.add_dlv(name, size, dvg, stripe_number=stripes,
                               replicas=replicas)
            dlv['data_size'] = data
        dlv.update(status='creating', reason=None)

        def succeed():
            if source is None:
                dlv['status'] = 'available'
            else:
                dlv['status'] = 'cloning'
                dlv['_cloned_at'] = self._now() + self.op_seconds

        def fail(reason):
            dlv.update(status='error', reason=reason)

        op = self._start('dlv-create' if source is None else 'dlv-clone',
                         name, succeed, fail)
        return self._accepted(self._view(dlv), op)

    def _check_source(self, source):
        if set(source) == {'dlv'}:
            d = self._find(source['dlv'])
        elif set(source) == {'snapshot'} and set(source['snapshot']) == {
                'dlv', 'name'}:
            key = (source['snapshot']['dlv'], source['snapshot']['name'])
            d = self._find(key[0])
            if key not in self.snapshots:
                raise _not_found('snapshot', '%s/%s' % key)
        else:
            raise _invalid('invalid', "'source' is either {\"dlv\": ...} or "
                           "{\"snapshot\": {\"dlv\": ..., \"name\": ...}}")
        if d['status'] not in SERVED:
            # DLVM copies on the ihost that serves the source
            raise _conflict('not_attached', "source dlv '%s' is %s: attach it "
                            "to clone it" % (d['name'], d['status']))

    def _delete(self, dlv):
        d = self._find(dlv)
        if d['status'] in SERVED:
            raise _conflict('attached', "dlv '%s' is attached to ihost '%s'; "
                            "detach it first" % (dlv, d['ihost']))

        def succeed():
            del self.dlvs[dlv]
            for key in [k for k in self.snapshots if k[0] == dlv]:
                del self.snapshots[key]
            pool = self.dvgs.get(d['dvg'])
            if pool:
                pool['free_size'] += d['data_size'] * d['replicas']
                pool['dlv_count'] -= 1

        def fail(reason):
            d.update(status='error', reason=reason)

        op = self._start('dlv-delete', dlv, succeed, fail)
        d['status'] = 'deleting'
        return self._accepted(self._view(d), op)

    def _attach(self, dlv, body):
        ihost = body.string('ihost', required=True)
        d = self._find(dlv)
        if ihost not in self.ihosts:
            raise _not_found('ihost', ihost)
        if d['ihost'] is not None and d['ihost'] != ihost:
            raise _conflict('attached_elsewhere', "dlv '%s' is attached to "
                            "ihost '%s'; detach it first" % (dlv, d['ihost']))
        if d['status'] in SERVED:
            raise _conflict('attached', "dlv '%s' is already attached to "
                            "ihost '%s'" % (dlv, ihost))
        failed_attach = (d['status'] == 'error'
                         and d['_last_op'] == 'dlv-attach')
        if d['status'] != 'available' and not failed_attach:
            raise _conflict('wrong_state', "cannot attach dlv '%s' while it "
                            "is %s" % (dlv, d['status']))

        def succeed():
            d.update(status='attached', reason=None, revert_pending=None,
                     device_path='/dev/mapper/dlvm-%s' % dlv)

        def fail(reason):
            d.update(status='error', reason=reason)

        op = self._start('dlv-attach', dlv, succeed, fail)
        d.update(status='attaching', ihost=ihost)
        return self._accepted(self._view(d), op)

    def _detach(self, dlv, body):
        force = body.boolean('force', False)
        d = self._find(dlv)
        if not (d['status'] in SERVED
                or (d['status'] == 'error' and d['ihost'])):
            raise _conflict('not_attached', "dlv '%s' is not attached (%s)"
                            % (dlv, d['status']))

        def succeed():
            d.update(status='available', ihost=None, device_path=None,
                     reason='detached by force' if force else None)

        def fail(reason):
            d.update(status='error', reason=reason)

        op = self._start('dlv-detach', dlv, succeed, fail)
        op['_force'] = force
        d['status'] = 'detaching'
        return self._accepted(self._view(d), op)

    def _extend(self, dlv, body):
        size = body.integer('size', required=True)
        d = self._find(dlv)
        new_size = _rounded('size', size, d['stripe_number'])
        if new_size <= d['size']:
            raise _invalid('not_larger', "size %d is not larger than dlv "
                           "'%s''s %d bytes" % (size, dlv, d['size']))
        if d['status'] not in ('available', 'attached'):
            raise _conflict('wrong_state', "cannot extend dlv '%s' while it "
                            "is %s" % (dlv, d['status']))
        before = d['status']

        def succeed():
            growth = new_size - d['size']
            d.update(status=before, size=new_size,
                     data_size=d['data_size'] + growth)

        def fail(reason):
            d.update(status='error', reason=reason)

        op = self._start('dlv-extend', dlv, succeed, fail)
        d['status'] = 'extending'
        return self._accepted(self._view(d), op)

    def _revert(self, dlv, body):
        snap = body.string('snapshot', required=True)
        _name('snapshot', snap)
        d = self._find(dlv)
        if (dlv, snap) not in self.snapshots:
            raise _not_found('snapshot', '%s/%s' % (dlv, snap))
        if d['status'] in SERVED:
            raise _conflict('attached', "dlv '%s' is attached to ihost '%s':"
                            " detach it before reverting it to snapshot '%s'"
                            % (dlv, d['ihost'], snap))
        if d['status'] != 'available':
            raise _conflict('wrong_state', "cannot revert dlv '%s' while it "
                            "is %s" % (dlv, d['status']))
        if self.snapshots[(dlv, snap)]['status'] != 'available':
            raise _conflict('snapshot_not_available', "snapshot '%s' of dlv "
                            "'%s' is %s" % (snap, dlv,
                                            self.snapshots[(dlv, snap)][
                                                'status']))
        d['revert_pending'] = snap
        return 200, {}, self._view(d)

    # ---- snapshots

    def _served(self, d, what):
        if d['status'] not in SERVED:
            raise _conflict('not_attached', "dlv '%s' is %s: attach it to %s "
                            "(its thin pools run on the ihost it is attached "
                            "to)" % (d['name'], d['status'], what))

    def _snapshots(self, dlv):
        self._find(dlv)
        return 200, {}, [dict(s) for (d, _), s in sorted(
            self.snapshots.items()) if d == dlv]

    def _get_snapshot(self, dlv, snap):
        self._find(dlv)
        if (dlv, snap) not in self.snapshots:
            raise _not_found('snapshot', '%s/%s' % (dlv, snap))
        return 200, {}, dict(self.snapshots[(dlv, snap)])

    def _create_snapshot(self, dlv, body):
        name = _name('snapshot', body.string('name', required=True))
        d = self._find(dlv)
        existing = self.snapshots.get((dlv, name))
        if existing is not None and existing['status'] != 'error':
            raise _conflict('exists', "dlv '%s' has a snapshot named '%s' "
                            "(%s)" % (dlv, name, existing['status']))
        self._served(d, 'take a snapshot')
        snap = {'name': name, 'dlv': dlv, 'status': 'creating',
                'created_at': '2026-12-01T00:00:00Z'}

        def succeed():
            snap['status'] = 'available'

        def fail(reason):
            snap['status'] = 'error'

        op = self._start('snapshot-create', dlv, succeed, fail)
        self.snapshots[(dlv, name)] = snap
        return self._accepted(snap, op)

    def _delete_snapshot(self, dlv, snap):
        d = self._find(dlv)
        if (dlv, snap) not in self.snapshots:
            raise _not_found('snapshot', '%s/%s' % (dlv, snap))
        self._served(d, 'delete a snapshot')
        s = self.snapshots[(dlv, snap)]

        def succeed():
            del self.snapshots[(dlv, snap)]

        def fail(reason):
            s['status'] = 'error'

        op = self._start('snapshot-delete', dlv, succeed, fail)
        s['status'] = 'deleting'
        return self._accepted(s, op)


# ---- adapters

def _basic(header):
    if not header or not header.startswith('Basic '):
        return None
    user, _, password = base64.b64decode(header[6:]).decode().partition(':')
    return user, password


def install(mocker, model, base_url):
    """Let the model answer every request to base_url through requests_mock."""
    split = urllib.parse.urlsplit(base_url)
    prefix = split.path.rstrip('/')

    def answer(request, context):
        url = urllib.parse.urlsplit(request.url)
        status, headers, body = model.handle(
            request.method, url.path[len(prefix):],
            urllib.parse.parse_qs(url.query), request.body or b'',
            _basic(request.headers.get('Authorization')), base_url)
        context.status_code = status
        context.headers.update(headers)
        if body is None:
            return b''
        context.headers['Content-Type'] = 'application/json'
        return json.dumps(body).encode('utf-8')

    mocker.register_uri(requests_mock.ANY,
                        re.compile('^' + re.escape(base_url) + r'(/|\?|$)'),
                        content=answer)


def serve(model, prefix='/api/v1'):
    """The model behind a real HTTP server on 127.0.0.1; returns the function
    that stops it and its base URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self):
            url = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get('Content-Length') or 0)
            raw = self.rfile.read(length) if length else b''
            status, headers, body = model.handle(
                self.command, url.path[len(prefix):],
                urllib.parse.parse_qs(url.query), raw,
                _basic(self.headers.get('Authorization')), base_url)
            data = b'' if body is None else json.dumps(body).encode('utf-8')
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if body is not None:
                self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_DELETE = _any

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    base_url = 'http://127.0.0.1:%d%s' % (server.server_address[1], prefix)
    stopped = threading.Event()

    def loop():
        # not serve_forever: socketserver chose its selector when it was
        # imported, before Cinder's tests put eventlet's green one in its
        # place, and a green thread waiting in the native poll never lets
        # the test's thread run again (stestr hung there)
        with selectors.DefaultSelector() as ready:
            ready.register(server, selectors.EVENT_READ)
            while not stopped.is_set():
                if ready.select(0.05):
                    server.handle_request()
        server.server_close()

    threading.Thread(target=loop, daemon=True).start()
    return stopped.set, base_url


BASE_URL = 'http://dlvm-ctl1:9521/api/v1'


def start(testcase, base_url=BASE_URL, **kwargs):
    """A FakeDlvm answering at base_url for the test, on a FakeTime that
    dlvm_cinder.client's waits use too. Returns the model, the clock and the
    requests_mock fixture (for more URLs or its request history)."""
    clock = FakeTime()
    testcase.mock_object(dlvm_client, 'time', clock)
    model = FakeDlvm(clock.monotonic, **kwargs)
    mocker = testcase.useFixture(fixture.Fixture())
    install(mocker, model, base_url)
    return model, clock, mocker
