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
"""DlvmClient against DLVM's HTTP answers (requests_mock and FakeDlvm)."""

import base64

import ddt
import requests

from cinder import exception
from cinder.tests.unit import test

from dlvm_cinder import client as dlvm_client
from dlvm_cinder.tests import fake_dlvm

GiB = fake_dlvm.GiB
URL = fake_dlvm.BASE_URL
DEAD = 'http://dlvm-ctl0:9521/api/v1'


@ddt.ddt
class DlvmClientTestCase(test.TestCase):

    def setUp(self):
        super().setUp()
        self.dlvm, self.clock, self.http = fake_dlvm.start(self)
        self.dlvm.add_dvg('dvg1', 100 * GiB)
        self.dlvm.add_ihost('compute1')
        self.client = self._client([URL])

    def _client(self, urls, **kwargs):
        kwargs.setdefault('operation_timeout', 60)
        kwargs.setdefault('poll_interval', 1.0)
        return dlvm_client.DlvmClient(urls, 'cinder', 'secret', **kwargs)

    def test_sends_basic_auth_and_strict_json(self):
        accepted = self.client.create_dlv('volume-1', GiB, 'dvg1',
                                          stripe_number=2, replicas=3)

        request = self.http.request_history[-1]
        self.assertEqual('POST', request.method)
        self.assertEqual(URL + '/dlvs', request.url)
        self.assertEqual('Basic ' + base64.b64encode(b'cinder:secret')
                         .decode(), request.headers['Authorization'])
        self.assertEqual('application/json', request.headers['Content-Type'])
        self.assertEqual({'name': 'volume-1', 'size': GiB, 'dvg': 'dvg1',
                          'stripe_number': 2, 'replicas': 3}, request.json())
        self.assertEqual('creating', accepted['status'])
        self.assertEqual('pending', accepted['operation']['status'])

    def test_optional_fields_are_left_out(self):
        self.client.create_dlv('volume-1', GiB, 'dvg1')
        self.assertEqual({'name': 'volume-1', 'size': GiB, 'dvg': 'dvg1'},
                         self.http.request_history[-1].json())

    def test_wait_for_operation_polls_until_it_succeeds(self):
        accepted = self.client.create_dlv('volume-1', GiB, 'dvg1')

        op = self.client.wait_for_operation(accepted, 'creating volume-1')

        self.assertEqual('succeeded', op['status'])
        self.assertEqual([1.0, 1.0, 1.0], self.clock.sleeps)
        self.assertEqual('available', self.client.get_dlv('volume-1')[
            'status'])

    def test_failed_operation_carries_dlvm_reason(self):
        self.dlvm.fail_next('dlv-create', "dpv 'dpv2' refused legs.create: "
                            "volume group dlvm_vg is full")
        accepted = self.client.create_dlv('volume-1', GiB, 'dvg1')

        e = self.assertRaises(dlvm_client.DlvmOperationFailed,
                              self.client.wait_for_operation, accepted,
                              'creating volume-1')

        self.assertIsInstance(e, exception.VolumeBackendAPIException)
        self.assertIn('op-1 (dlv-create of dlv/volume-1)', e.msg)
        self.assertIn('volume group dlvm_vg is full', e.msg)

    def test_operation_timeout_says_what_it_waited_for(self):
        self.dlvm.op_seconds = 1000
        client = self._client([URL], operation_timeout=10)
        accepted = client.attach_dlv(self._dlv('volume-1'), 'compute1')

        e = self.assertRaises(dlvm_client.DlvmTimeout,
                              client.wait_for_operation, accepted,
                              'attaching volume-1 to compute1')

        self.assertIn('timed out after 10 s', e.msg)
        self.assertIn('operation op-1 (dlv-attach of dlv/volume-1) for '
                      'attaching volume-1 to compute1', e.msg)
        self.assertIn('still running', e.msg)
        self.assertEqual(10, sum(self.clock.sleeps))

    def test_accepted_without_operation(self):
        self.assertRaises(dlvm_client.DlvmError,
                          self.client.wait_for_operation, {'name': 'x'}, 'x')

    def _dlv(self, name, **kwargs):
        self.dlvm.add_dlv(name, GiB, 'dvg1', **kwargs)
        return name

    @ddt.data(('get_dlv', ('nothing',), 404, 'not_found',
               "no dlv named 'nothing'"),
              ('create_dlv', ('x y', GiB, 'dvg1'), 400, 'invalid_name',
               "field 'name' must match"),
              ('extend_dlv', ('volume-1', GiB // 2), 400, 'not_larger',
               'is not larger'),
              ('detach_dlv', ('volume-1',), 409, 'not_attached',
               "dlv 'volume-1' is not attached (available)"))
    @ddt.unpack
    def test_error_answers_keep_dlvm_code_and_message(self, call, args,
                                                      status, error, text):
        self._dlv('volume-1')

        e = self.assertRaises(dlvm_client.DlvmApiError,
                              getattr(self.client, call), *args)

        self.assertEqual(status, e.status)
        self.assertEqual(error, e.error)
        self.assertIn(text, e.reason)
        self.assertIn(text, e.msg)
        self.assertIsInstance(e, exception.VolumeBackendAPIException)

    def test_wrong_password_is_401(self):
        client = dlvm_client.DlvmClient([URL], 'cinder', 'wrong')
        e = self.assertRaises(dlvm_client.DlvmApiError, client.get_dvg,
                              'dvg1')
        self.assertEqual((401, 'unauthorized'), (e.status, e.error))

    def test_error_body_that_is_not_dlvm_shape(self):
        self.http.register_uri('GET', URL + '/dvgs/dvg1', status_code=502,
                               text='<html>Bad Gateway</html>')
        e = self.assertRaises(dlvm_client.DlvmApiError, self.client.get_dvg,
                              'dvg1')
        self.assertEqual((502, 'http_error'), (e.status, e.error))
        self.assertIn('Bad Gateway', e.msg)

    def test_busy_object_is_asked_again_until_free(self):
        self._dlv('volume-1')
        self.dlvm.hold('volume-1', seconds=5)

        accepted = self.client.extend_dlv('volume-1', 2 * GiB)
        self.client.wait_for_operation(accepted, 'extending')

        self.assertGreater(len(self.dlvm.calls('POST', '/dlvs/volume-1/'
                                                       'extend')), 1)
        self.assertEqual(2 * GiB, self.client.get_dlv('volume-1')['size'])

    def test_busy_for_too_long(self):
        self._dlv('volume-1')
        self.dlvm.hold('volume-1', kind='leg-repair', seconds=1000)
        client = self._client([URL], operation_timeout=5)

        e = self.assertRaises(dlvm_client.DlvmTimeout, client.delete_dlv,
                              'volume-1')

        self.assertIn('/dlvs/volume-1 to be free for DELETE', e.msg)
        self.assertIn('busy with operation op-1 (leg-repair', e.msg)

    def test_fails_over_from_unreachable_controller_and_stays(self):
        self.http.register_uri(
            'GET', DEAD + '/dvgs/dvg1',
            exc=requests.exceptions.ConnectionError('refused'))
        client = self._client([DEAD, URL])

        self.assertEqual('dvg1', client.get_dvg('dvg1')['name'])
        self.assertEqual('dvg1', client.get_dvg('dvg1')['name'])

        urls = [r.url for r in self.http.request_history]
        self.assertEqual([DEAD + '/dvgs/dvg1', URL + '/dvgs/dvg1',
                          URL + '/dvgs/dvg1'], urls)
        self.assertEqual(URL, client.current_url)

    def test_fails_over_on_connect_timeout(self):
        self.http.register_uri('POST', DEAD + '/dlvs',
                               exc=requests.exceptions.ConnectTimeout)
        client = self._client([DEAD, URL])

        client.create_dlv('volume-1', GiB, 'dvg1')

        self.assertIn('volume-1', self.dlvm.dlvs)

    def test_fails_over_on_503(self):
        self.http.register_uri('GET', DEAD + '/dvgs/dvg1', status_code=503,
                               json={'error': 'database_unavailable',
                                     'message': 'no database'})
        client = self._client([DEAD, URL])
        self.assertEqual('dvg1', client.get_dvg('dvg1')['name'])

    def test_503_of_the_last_controller_is_an_error(self):
        self.dlvm.inject('GET', '/dvgs/dvg1', 503, 'broker_unavailable',
                         'the broker cannot be reached')
        e = self.assertRaises(dlvm_client.DlvmApiError, self.client.get_dvg,
                              'dvg1')
        self.assertEqual(503, e.status)
        self.assertIn('the broker cannot be reached', e.msg)

    def test_every_controller_unreachable(self):
        other = 'http://dlvm-ctl2:9521/api/v1'
        for url in (DEAD, other):
            self.http.register_uri(
                'GET', url + '/', exc=requests.exceptions.ConnectionError(
                    'connection refused'))

        e = self.assertRaises(dlvm_client.DlvmConnectionError,
                              self._client([DEAD, other]).service)

        self.assertIn(DEAD, e.msg)
        self.assertIn(other, e.msg)
        self.assertIn('connection refused', e.msg)

    def test_no_failover_once_a_controller_has_the_request(self):
        self.http.register_uri('POST', DEAD + '/dlvs',
                               exc=requests.exceptions.ReadTimeout)
        client = self._client([DEAD, URL], request_timeout=7)

        e = self.assertRaises(dlvm_client.DlvmConnectionError,
                              client.create_dlv, 'volume-1', GiB, 'dvg1')

        self.assertIn('no answer to POST /dlvs within 7 s', e.msg)
        self.assertEqual([], self.dlvm.calls())

    def test_list_dlvs_follows_every_page(self):
        self.dlvm.page_size = 2
        self.dlvm.add_dvg('dvg2', 100 * GiB)
        for i in range(5):
            self._dlv('volume-%d' % i)
        self.dlvm.add_dlv('volume-other', GiB, 'dvg2')

        dlvs = self.client.list_dlvs(dvg='dvg1')

        self.assertEqual(['volume-%d' % i for i in range(5)],
                         [d['name'] for d in dlvs])
        markers = [r.qs.get('marker') for r in self.http.request_history]
        self.assertEqual([None, ['volume-1'], ['volume-3']], markers)

    def test_wait_for_dlv_in_error(self):
        self._dlv('volume-1', status='error')
        self.dlvm.dlvs['volume-1']['reason'] = 'legs.create failed on dpv1'

        e = self.assertRaises(dlvm_client.DlvmError, self.client.wait_for_dlv,
                              'volume-1', ('available',), 'cloning')

        self.assertIn('legs.create failed on dpv1', e.msg)

    def test_wait_for_dlv_timeout(self):
        self._dlv('volume-1', status='cloning')
        self.dlvm.dlvs['volume-1']['_cloned_at'] = 10 ** 9

        e = self.assertRaises(dlvm_client.DlvmTimeout,
                              self.client.wait_for_dlv, 'volume-1',
                              ('available',), 'copying', timeout=3)

        self.assertIn('dlv volume-1 to be available for copying', e.msg)
        self.assertIn('still cloning', e.msg)

    def test_names_are_quoted_in_paths(self):
        self.assertRaises(dlvm_client.DlvmApiError, self.client.get_snapshot,
                          'a/b', 'c')
        self.assertEqual(URL + '/dlvs/a%2Fb/snapshots/c',
                         self.http.request_history[-1].url)
