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
"""Cinder's volume manager, running DlvmDriver, against a real DLVM controller
and the ihost it runs on (the kernel lab's solo guest: lab/cinder-lab.sh).

Skipped unless DLVM_LAB_API (the controller's API URL), DLVM_LAB_PASSWORD and
DLVM_LAB_IHOST (this machine's ihost name) are set: the unit runs skip it.
Every device path comes through os-brick's connector for the connection type
the driver returns, and fio writes and verifies through it."""

import os
import subprocess
import time
import unittest

from os_brick.initiator import connector as brick_connector
from oslo_config import cfg

from cinder.tests.unit import utils as tests_utils
from cinder.tests.unit.volume import test_driver
from cinder.volume import configuration as conf

from dlvm_cinder import client as dlvm_client

CONF = cfg.CONF
GiB = 1 << 30
API = os.environ.get('DLVM_LAB_API')
IHOST = os.environ.get('DLVM_LAB_IHOST')
REGION = 8 << 20


def _fio(path, offset, verify_only=False):
    """4k random writes with crc32c headers (or their check) in one region."""
    cmd = ['fio', '--name=cinder-%d' % offset, '--filename=' + path,
           '--offset=%d' % offset, '--size=%d' % REGION, '--rw=randwrite',
           '--bs=4k', '--ioengine=libaio', '--iodepth=16', '--direct=1',
           '--verify=crc32c', '--verify_fatal=1', '--randrepeat=1',
           '--output-format=terse', '--terse-version=3']
    cmd.append('--verify_only' if verify_only else '--do_verify=1')
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise AssertionError('fio on %s at %d failed: %s %s' % (
            path, offset, done.stdout, done.stderr))
    return done.stdout


def _size(path):
    return int(subprocess.run(['blockdev', '--getsize64', path], check=True,
                              capture_output=True, text=True).stdout)


@unittest.skipUnless(API and IHOST and os.environ.get('DLVM_LAB_PASSWORD'),
                     'needs a DLVM lab (lab/cinder-lab.sh)')
class DlvmLabTestCase(test_driver.BaseDriverTestCase):
    driver_name = 'dlvm_cinder.driver.DlvmDriver'

    def setUp(self):
        super().setUp()
        for name, value in dict(dlvm_api_urls=[API], dlvm_user='karaf',
                                dlvm_password=os.environ['DLVM_LAB_PASSWORD'],
                                dlvm_dvg=[os.environ.get('DLVM_LAB_DVG',
                                                         'dvg1')],
                                dlvm_replicas=int(os.environ.get(
                                    'DLVM_LAB_REPLICAS', '1')),
                                dlvm_snapshot_ihost=IHOST,
                                dlvm_operation_timeout=900,
                                dlvm_clone_timeout=1800,
                                dlvm_poll_interval=2.0).items():
            self.override_config(name, value, conf.SHARED_CONF_GROUP)
        self.volume.driver.do_setup(self.context)
        self.volume.driver.check_for_setup_error()
        self.volume.stats = {'allocated_capacity_gb': 0, 'pools': {}}
        self.mock_object(self.volume, '_notify_about_volume_usage')
        self.mock_object(self.volume, '_notify_about_snapshot_usage')
        self.client = self.volume.driver.client
        self.connector = {'host': IHOST, 'multipath': False,
                          'platform': 'x86_64', 'os_type': 'linux'}
        self.brick = {}

    def _step(self, what):
        print('=== cinder lab [%.1f s] %s' % (time.monotonic() - self.t0,
                                             what), flush=True)

    def _new(self, size=1, **kwargs):
        volume = tests_utils.create_volume(
            self.context, status='creating', size=size,
            host=CONF.host + '#' + self.volume.driver.configuration
            .dlvm_dvg[0], volume_type_id=self.vt['id'], **kwargs)
        return volume

    def _dlv(self, volume):
        return self.client.get_dlv('volume-' + volume.id)

    def _attach(self, volume):
        info = self.volume.initialize_connection(self.context, volume,
                                                 self.connector)
        self.assertEqual('local', info['driver_volume_type'])
        brick = brick_connector.InitiatorConnector.factory(
            info['driver_volume_type'], None)
        device = brick.connect_volume(info['data'])
        self.brick[volume.id] = (brick, info['data'], device)
        self.assertTrue(os.path.exists(device['path']), device)
        return device['path']

    def _detach(self, volume):
        brick, data, device = self.brick.pop(volume.id)
        brick.disconnect_volume(data, device)
        self.volume.terminate_connection(self.context, volume.id,
                                         self.connector)
        self.assertEqual(('available', None), (self._dlv(volume)['status'],
                                               self._dlv(volume)['ihost']))

    def _created(self, volume, **kwargs):
        self.volume.create_volume(self.context, volume, **kwargs)
        volume.refresh()
        self.assertEqual('available', volume.status, volume.id)
        self.assertEqual('available', self._dlv(volume)['status'])

    def test_a_volume_lives_and_dies_through_cinder(self):
        self.t0 = time.monotonic()
        before = {d['name'] for d in self.client.list_dlvs()}

        self._step('create a volume of 1 GiB')
        source = self._new()
        self._created(source)

        self._step('attach through os-brick, fio writes region A')
        path = self._attach(source)
        self.assertEqual(GiB, _size(path))
        print(_fio(path, 0).split(';')[48], 'write IOPS', flush=True)

        self._step('snapshot the attached volume')
        snapshot = tests_utils.create_snapshot(self.context, source.id)
        self.volume.create_snapshot(self.context, snapshot)
        snapshot.refresh()
        self.assertEqual('available', snapshot.status)

        self._step('fio writes region B after the snapshot')
        _fio(path, 64 << 20)

        self._step('clone the attached volume')
        t = time.monotonic()
        clone = self._new(source_volid=source.id)
        self._created(clone, request_spec={'source_volid': source.id})
        print('clone of the attached volume: %.1f s' % (time.monotonic() - t),
              flush=True)

        self._step('volume from the snapshot')
        from_snap = self._new(snapshot_id=snapshot.id)
        self._created(from_snap, request_spec={'snapshot_id': snapshot.id})

        self._step('extend the attached volume to 2 GiB')
        source.update({'status': 'extending'})
        source.save()
        self.mock_object(self.volume, '_notify_about_volume_usage')
        from cinder import quota
        self.mock_object(quota.QUOTAS, 'commit')
        self.volume.extend_volume(self.context, source, 2, ['RESERVATION'])
        source.refresh()
        self.assertEqual((2, 'available'), (source.size, source.status))
        self.assertEqual(2 * GiB, _size(path))
        _fio(path, GiB + (64 << 20))
        _fio(path, 0, verify_only=True)

        self._step('detach')
        self._detach(source)

        self._step('the clone holds A and B; the volume from the snapshot A')
        path = self._attach(clone)
        _fio(path, 0, verify_only=True)
        _fio(path, 64 << 20, verify_only=True)
        self._detach(clone)
        path = self._attach(from_snap)
        _fio(path, 0, verify_only=True)
        self._detach(from_snap)

        self._step('delete everything')
        self.volume.delete_snapshot(self.context, snapshot)
        for v in (from_snap, clone, source):
            self.volume.delete_volume(self.context, v)
        left = {d['name'] for d in self.client.list_dlvs()} - before
        self.assertEqual(set(), left)
        for v in (from_snap, clone, source):
            self.assertRaises(dlvm_client.DlvmApiError, self._dlv, v)
        self._step('CINDER_LAB_OK')
