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
"""DlvmClient over real sockets: a FakeDlvm behind an HTTP server on
127.0.0.1, and a port nothing listens on as the dead controller."""

import socket
import time

from cinder.tests.unit import test

from dlvm_cinder import client as dlvm_client
from dlvm_cinder.tests import fake_dlvm

GiB = fake_dlvm.GiB


def _closed_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


class DlvmClientOverHttpTestCase(test.TestCase):

    def setUp(self):
        super().setUp()
        self.dlvm = fake_dlvm.FakeDlvm(time.monotonic, op_seconds=0)
        self.dlvm.add_dvg('dvg1', 100 * GiB)
        self.dlvm.add_ihost('compute1')
        stop, self.url = fake_dlvm.serve(self.dlvm)
        self.addCleanup(stop)
        self.dead = 'http://127.0.0.1:%d/api/v1' % _closed_port()

    def _client(self, urls, password='secret'):
        return dlvm_client.DlvmClient(urls, 'cinder', password,
                                      request_timeout=5,
                                      operation_timeout=10,
                                      poll_interval=0.01)

    def test_volume_life_after_failover_from_a_dead_controller(self):
        client = self._client([self.dead, self.url])

        client.wait_for_operation(client.create_dlv('volume-1', GiB, 'dvg1'),
                                  'create')
        client.wait_for_operation(client.attach_dlv('volume-1', 'compute1'),
                                  'attach')
        attached = client.get_dlv('volume-1')
        client.wait_for_operation(client.detach_dlv('volume-1'), 'detach')
        client.wait_for_operation(client.delete_dlv('volume-1'), 'delete')

        self.assertEqual(self.url, client.current_url)
        self.assertEqual(('attached', '/dev/mapper/dlvm-volume-1'),
                         (attached['status'], attached['device_path']))
        e = self.assertRaises(dlvm_client.DlvmApiError, client.get_dlv,
                              'volume-1')
        self.assertEqual(404, e.status)

    def test_service_needs_no_credentials_but_dvgs_do(self):
        client = self._client([self.url], password='wrong')

        self.assertEqual('dlvm', client.service()['service'])
        e = self.assertRaises(dlvm_client.DlvmApiError, client.get_dvg,
                              'dvg1')
        self.assertEqual(401, e.status)

    def test_only_dead_controllers(self):
        e = self.assertRaises(dlvm_client.DlvmConnectionError,
                              self._client([self.dead]).get_dvg, 'dvg1')
        self.assertIn(self.dead, e.msg)
