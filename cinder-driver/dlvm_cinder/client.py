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
"""Client of DLVM's REST API v1 (shared/design/API.md).

Every controller of a DLVM installation serves the same API over the same
database, so the client fails over to the next URL when one cannot be reached
(or answers 503: it lost its database or broker and changed nothing). Long
work answers 202 with an operation, which the caller follows with
wait_for_operation(). A request refused with 409 ``busy`` (another operation
holds the object: a restore, a repair, a pool growing) is repeated until the
object is free, since DLVM stores nothing for a refused request.
"""

import time
import urllib.parse

from oslo_log import log as logging
import requests

from cinder import exception
from cinder.i18n import _

LOG = logging.getLogger(__name__)

OPERATION_FINISHED = ('succeeded', 'failed')
LIST_PAGE = 1000  # ListQuery.MAX_LIMIT


class DlvmError(exception.VolumeBackendAPIException):
    message = _("DLVM: %(reason)s")


class DlvmApiError(DlvmError):
    """An error answer: ``status`` is the HTTP status, ``error`` DLVM's code."""

    message = _("DLVM answered %(method)s %(path)s with %(status)s "
                "%(error)s: %(reason)s")

    def __init__(self, method, path, status, error, reason):
        super().__init__(method=method, path=path, status=status,
                         error=error, reason=reason)
        self.status = status
        self.error = error
        self.reason = reason


class DlvmConnectionError(DlvmError):
    message = _("cannot reach DLVM at %(urls)s: %(reason)s")


class DlvmTimeout(DlvmError):
    message = _("timed out after %(seconds)s s waiting for %(what)s "
                "(%(last)s)")


class DlvmOperationFailed(DlvmError):
    message = _("DLVM operation %(op_id)s (%(kind)s of %(target)s) failed: "
                "%(reason)s")

    def __init__(self, op_id, kind, target, reason):
        super().__init__(op_id=op_id, kind=kind, target=target,
                         reason=reason)
        self.reason = reason


def _q(name):
    return urllib.parse.quote(name, safe='')


class DlvmClient(object):
    """The calls the Cinder driver needs, to the first controller that answers.

    :param urls: base URLs of API v1 (``http://ctl1:9521/api/v1``), in order
    :param verify: requests' ``verify``: True, False or a CA bundle path
    :param request_timeout: seconds one HTTP request may take
    :param operation_timeout: seconds an operation (or a busy object) may take
    :param poll_interval: seconds between two looks at an operation
    """

    def __init__(self, urls, user, password, verify=True, request_timeout=30,
                 operation_timeout=1800, poll_interval=2.0, session=None):
        if not urls:
            raise ValueError('at least one DLVM API URL is needed')
        self._urls = [u.rstrip('/') for u in urls]
        self._current = 0
        self._request_timeout = request_timeout
        self.operation_timeout = operation_timeout
        self._poll_interval = poll_interval
        self._session = session or requests.Session()
        self._session.auth = (user, password)
        self._session.verify = verify
        self._session.headers.update({'Accept': 'application/json'})

    @property
    def current_url(self):
        return self._urls[self._current]

    # ---- transport

    def _send(self, method, path, body, params):
        problems = []
        count = len(self._urls)
        for i in range(count):
            index = (self._current + i) % count
            base = self._urls[index]
            try:
                resp = self._session.request(
                    method, base + path, json=body, params=params,
                    timeout=self._request_timeout)
            except requests.ConnectionError as e:
                # also ConnectTimeout: the request never reached this one
                LOG.warning('DLVM at %(url)s cannot be reached: %(err)s',
                            {'url': base, 'err': e})
                problems.append('%s: %s' % (base, e))
                continue
            except requests.Timeout as e:
                # the controller has the request and may act on it: sending it
                # to another one as well would race with the first
                raise DlvmConnectionError(
                    urls=base,
                    reason=_('no answer to %(method)s %(path)s within '
                             '%(timeout)s s (%(err)s)') % {
                        'method': method, 'path': path,
                        'timeout': self._request_timeout, 'err': e})
            except requests.RequestException as e:
                raise DlvmConnectionError(urls=base, reason=str(e))
            if resp.status_code == 503 and i < count - 1:
                LOG.warning('DLVM at %(url)s is unavailable (503): %(body)s',
                            {'url': base, 'body': resp.text[:500]})
                problems.append('%s: 503' % base)
                continue
            if index != self._current:
                LOG.info('DLVM API: using %s from now on', base)
                self._current = index
            return resp
        raise DlvmConnectionError(urls=', '.join(self._urls),
                                  reason='; '.join(problems))

    @staticmethod
    def _error(method, path, resp):
        try:
            body = resp.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and 'error' in body:
            return DlvmApiError(method, path, resp.status_code,
                                body.get('error'), body.get('message', ''))
        # not DLVM's error shape: a proxy or a servlet container answered
        return DlvmApiError(method, path, resp.status_code, 'http_error',
                            resp.text[:500] or resp.reason)

    def _call(self, method, path, body=None, params=None):
        deadline = None
        while True:
            resp = self._send(method, path, body, params)
            if resp.status_code < 400:
                return resp
            err = self._error(method, path, resp)
            if not (err.status == 409 and err.error == 'busy'
                    and method != 'GET'):
                raise err
            if deadline is None:
                deadline = time.monotonic() + self.operation_timeout
            if time.monotonic() >= deadline:
                raise DlvmTimeout(
                    seconds=self.operation_timeout,
                    what=_('%(path)s to be free for %(method)s') % {
                        'path': path, 'method': method},
                    last=err.reason)
            LOG.debug('DLVM %(method)s %(path)s: busy (%(reason)s), '
                      'trying again', {'method': method, 'path': path,
                                       'reason': err.reason})
            time.sleep(self._poll_interval)

    def _json(self, method, path, body=None, params=None):
        resp = self._call(method, path, body, params)
        if resp.status_code == 204 or not resp.content:
            return None
        try:
            return resp.json()
        except ValueError:
            raise DlvmError(reason=_('%(method)s %(path)s answered %(status)s '
                                     'with a body that is not JSON: '
                                     '%(body)s') % {
                'method': method, 'path': path, 'status': resp.status_code,
                'body': resp.text[:200]})

    # ---- resources

    def service(self):
        return self._json('GET', '/')

    def get_dvg(self, name):
        return self._json('GET', '/dvgs/%s' % _q(name))

    def list_dlvs(self, dvg=None):
        """Every dlv (of the dvg), following the pages' ``Link: rel=next``."""
        dlvs = []
        params = {'limit': LIST_PAGE}
        if dvg:
            params['dvg'] = dvg
        while True:
            resp = self._call('GET', '/dlvs', params=params)
            dlvs.extend(resp.json())
            nxt = resp.links.get('next', {}).get('url')
            if not nxt:
                return dlvs
            # the link names the controller that answered; only its marker
            # is needed, so the next page can come from any controller
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(nxt).query)
            marker = query.get('marker', [None])[0]
            if not marker or marker == params.get('marker'):
                raise DlvmError(reason=_('GET /dlvs: a next page without a '
                                         'new marker: %s') % nxt)
            params['marker'] = marker

    def get_dlv(self, name):
        return self._json('GET', '/dlvs/%s' % _q(name))

    def create_dlv(self, name, size, dvg, stripe_number=None, replicas=None,
                   data_size=None, source=None):
        body = {'name': name, 'size': int(size), 'dvg': dvg}
        if stripe_number is not None:
            body['stripe_number'] = int(stripe_number)
        if replicas is not None:
            body['replicas'] = int(replicas)
        if data_size is not None:
            body['data_size'] = int(data_size)
        if source is not None:
            body['source'] = source
        return self._json('POST', '/dlvs', body)

    def delete_dlv(self, name):
        return self._json('DELETE', '/dlvs/%s' % _q(name))

    def attach_dlv(self, name, ihost):
        return self._json('POST', '/dlvs/%s/attach' % _q(name),
                          {'ihost': ihost})

    def detach_dlv(self, name, force=False):
        return self._json('POST', '/dlvs/%s/detach' % _q(name),
                          {'force': True} if force else {})

    def extend_dlv(self, name, size):
        return self._json('POST', '/dlvs/%s/extend' % _q(name),
                          {'size': int(size)})

    def revert_dlv(self, name, snapshot):
        return self._json('POST', '/dlvs/%s/revert' % _q(name),
                          {'snapshot': snapshot})

    def get_snapshot(self, dlv, name):
        return self._json('GET', '/dlvs/%s/snapshots/%s' % (_q(dlv), _q(name)))

    def create_snapshot(self, dlv, name):
        return self._json('POST', '/dlvs/%s/snapshots' % _q(dlv),
                          {'name': name})

    def delete_snapshot(self, dlv, name):
        return self._json('DELETE',
                          '/dlvs/%s/snapshots/%s' % (_q(dlv), _q(name)))

    def get_operation(self, op_id):
        return self._json('GET', '/operations/%s' % _q(op_id))

    # ---- waiting

    def wait_for_operation(self, accepted, what, timeout=None):
        """Follow the operation of a 202 answer until it ends.

        :param accepted: the 202 answer's body, which carries ``operation``
        :param what: what the operation does, for the messages
        :returns: the finished operation
        :raises DlvmOperationFailed: it failed; DLVM's reason is the message
        :raises DlvmTimeout: it did not end within ``timeout`` seconds
        """
        op = (accepted or {}).get('operation')
        if not op or not op.get('id'):
            raise DlvmError(reason=_('DLVM accepted %s without an operation '
                                     'to follow') % what)
        timeout = timeout or self.operation_timeout
        deadline = time.monotonic() + timeout
        while op.get('status') not in OPERATION_FINISHED:
            if time.monotonic() >= deadline:
                raise DlvmTimeout(
                    seconds=timeout,
                    what=_('operation %(id)s (%(kind)s of %(target)s) for '
                           '%(what)s') % {'id': op['id'],
                                          'kind': op.get('kind'),
                                          'target': op.get('target'),
                                          'what': what},
                    last=_('still %s') % op.get('status'))
            time.sleep(self._poll_interval)
            op = self.get_operation(op['id'])
        if op['status'] == 'failed':
            raise DlvmOperationFailed(op['id'], op.get('kind'),
                                      op.get('target'),
                                      op.get('error') or _('no reason given'))
        return op

    def wait_for_dlv(self, name, statuses, what, timeout=None):
        """Look at the dlv until its status is one of ``statuses``.

        :returns: the dlv
        :raises DlvmError: the dlv is in ``error`` (unless that is wanted)
        :raises DlvmTimeout: it did not get there within ``timeout`` seconds
        """
        timeout = timeout or self.operation_timeout
        deadline = time.monotonic() + timeout
        while True:
            dlv = self.get_dlv(name)
            status = dlv.get('status')
            if status in statuses:
                return dlv
            if status == 'error':
                raise DlvmError(reason=_('dlv %(name)s is in error while '
                                         '%(what)s: %(reason)s') % {
                    'name': name, 'what': what,
                    'reason': dlv.get('reason') or _('no reason given')})
            if time.monotonic() >= deadline:
                raise DlvmTimeout(
                    seconds=timeout,
                    what=_('dlv %(name)s to be %(want)s for %(what)s') % {
                        'name': name, 'want': ' or '.join(statuses),
                        'what': what},
                    last=_('still %s') % status)
            time.sleep(self._poll_interval)
