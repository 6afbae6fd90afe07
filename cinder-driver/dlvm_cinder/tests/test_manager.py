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
"""DlvmDriver under Cinder's real volume manager (database, flows, objects)
with a FakeDlvm behind it, as Cinder's own driver tests run theirs."""

from oslo_config import cfg

from cinder import db
from cinder import exception
from cinder import objects
from cinder.objects import fields
from cinder import quota
from cinder.tests.unit import fake_constants as fake
from cinder.tests.unit import utils as tests_utils
from cinder.tests.unit.volume import test_driver
from cinder.volume import configuration as conf

from dlvm_cinder import driver as drv
from dlvm_cinder.tests import fake_dlvm

CONF = cfg.CONF
GiB = fake_dlvm.GiB
CONNECTOR = {'host': 'compute1', 'ip': '10.0.0.11',
             'initiator': 'iqn.1993-08.org.debian:01:compute1',
             'multipath': False, 'platform': 'x86_64', 'os_type': 'linux'}


class DlvmVolumeManagerTestCase(test_driver.BaseDriverTestCase):
    driver_name = 'dlvm_cinder.driver.DlvmDriver'

    def setUp(self):
        super().setUp()
        self.dlvm, self.clock, _http = fake_dlvm.start(self)
        self.dlvm.add_dvg('dvg1', 100 * GiB)
        self.dlvm.add_ihost('compute1')
        self.dlvm.add_ihost('cinder1')
        for name, value in dict(dlvm_api_urls=[fake_dlvm.BASE_URL],
                                dlvm_password='secret', dlvm_dvg=['dvg1'],
                                dlvm_snapshot_ihost='cinder1',
                                dlvm_poll_interval=1.0).items():
            self.override_config(name, value, conf.SHARED_CONF_GROUP)
        self.assertIsInstance(self.volume.driver, drv.DlvmDriver)
        self.volume.driver.do_setup(self.context)
        self.volume.driver.check_for_setup_error()
        self.volume.stats = {'allocated_capacity_gb': 0, 'pools': {}}
        self.mock_object(self.volume, '_notify_about_volume_usage')
        self.mock_object(self.volume, '_notify_about_snapshot_usage')

    def _create_volume(self, size=1, **kwargs):
        volume = tests_utils.create_volume(
            self.context, status='creating', host=CONF.host + '#dvg1',
            size=size,
            volume_type_id=self.vt['id'], **kwargs)
        return volume

    def _dlv(self, volume):
        return self.dlvm.dlvs.get('volume-' + volume.id)

    def test_create_and_delete_volume(self):
        volume = self._create_volume(size=2)

        self.volume.create_volume(self.context, volume)

        volume.refresh()
        self.assertEqual('available', volume.status)
        dlv = self._dlv(volume)
        self.assertEqual(('available', 2 * GiB, 'dvg1'),
                         (dlv['status'], dlv['size'], dlv['dvg']))

        self.volume.delete_volume(self.context, volume)

        self.assertIsNone(self._dlv(volume))
        self.assertRaises(exception.VolumeNotFound, objects.Volume.get_by_id,
                          self.context, volume.id)

    def test_failed_create_leaves_volume_in_error(self):
        self.dlvm.fail_next('dlv-create', 'dpv1 refused: no space in '
                            'dlvm_vg')
        volume = self._create_volume()

        self.assertRaises(exception.VolumeBackendAPIException,
                          self.volume.create_volume, self.context, volume,
                          allow_reschedule=False)

        volume.refresh()
        self.assertEqual('error', volume.status)
        self.assertIsNone(self._dlv(volume))

    def test_delete_of_volume_dlvm_lost(self):
        volume = self._create_volume()
        volume.update({'status': 'available'})
        volume.save()

        self.volume.delete_volume(self.context, volume)

        self.assertRaises(exception.VolumeNotFound, objects.Volume.get_by_id,
                          self.context, volume.id)

    def test_delete_of_volume_dlvm_holds_attached_stays(self):
        volume = self._create_volume()
        self.volume.create_volume(self.context, volume)
        self._dlv(volume).update(status='attached', ihost='compute1')

        self.volume.delete_volume(self.context, volume)

        volume.refresh()
        self.assertEqual('available', volume.status)
        self.assertIsNotNone(self._dlv(volume))

    def test_snapshot_life_and_volume_from_it(self):
        volume = self._create_volume()
        self.volume.create_volume(self.context, volume)
        snapshot = tests_utils.create_snapshot(self.context, volume.id)

        self.volume.create_snapshot(self.context, snapshot)

        snapshot.refresh()
        self.assertEqual(fields.SnapshotStatus.AVAILABLE, snapshot.status)
        key = ('volume-' + volume.id, 'snapshot-' + snapshot.id)
        self.assertEqual('available', self.dlvm.snapshots[key]['status'])
        # taken on the snapshot ihost, and detached again
        self.assertEqual(('available', None),
                         (self._dlv(volume)['status'],
                          self._dlv(volume)['ihost']))

        # a volume from it: the snapshot's volume is attached for the copy
        clone = self._create_volume(snapshot_id=snapshot.id)
        self.volume.create_volume(self.context, clone)
        clone.refresh()
        self.assertEqual('available', clone.status)
        self.assertEqual('available', self._dlv(clone)['status'])
        self.assertEqual(('available', None),
                         (self._dlv(volume)['status'],
                          self._dlv(volume)['ihost']))

        # with a DLVM older than online clone, the volume is in error
        self.dlvm.clone_supported = False
        old = self._create_volume(snapshot_id=snapshot.id)
        self.assertRaises(exception.NotSupportedOperation,
                          self.volume.create_volume, self.context, old,
                          allow_reschedule=False)
        old.refresh()
        self.assertEqual('error', old.status)

        self.volume.delete_snapshot(self.context, snapshot)

        self.assertNotIn(key, self.dlvm.snapshots)
        self.assertRaises(exception.SnapshotNotFound,
                          objects.Snapshot.get_by_id, self.context,
                          snapshot.id)

    def test_clone_and_volume_from_snapshot_with_online_clone(self):
        source = self._create_volume()
        self.volume.create_volume(self.context, source)
        clone = self._create_volume(size=3, source_volid=source.id)

        self.volume.create_volume(self.context, clone,
                                  request_spec={'source_volid': source.id})

        clone.refresh()
        self.assertEqual('available', clone.status)
        self.assertEqual(('available', 3 * GiB),
                         (self._dlv(clone)['status'], self._dlv(clone)['size']))
        self.assertEqual([{'dlv': 'volume-' + source.id}],
                         [b['source'] for _, _, b in self.dlvm.calls(
                             'POST', '/dlvs') if 'source' in b])

        snapshot = tests_utils.create_snapshot(self.context, source.id)
        self.volume.create_snapshot(self.context, snapshot)
        from_snap = self._create_volume(snapshot_id=snapshot.id)
        self.volume.create_volume(self.context, from_snap,
                                  request_spec={'snapshot_id': snapshot.id})
        from_snap.refresh()
        self.assertEqual('available', from_snap.status)

    def test_extend_volume(self):
        volume = self._create_volume()
        self.volume.create_volume(self.context, volume)
        volume.update({'status': 'extending'})
        volume.save()
        self.mock_object(quota.QUOTAS, 'commit')

        self.volume.extend_volume(self.context, volume, 4, ['RESERVATION'])

        volume.refresh()
        self.assertEqual((4, 'available'), (volume.size, volume.status))
        self.assertEqual(4 * GiB, self._dlv(volume)['size'])

    def test_failed_extend(self):
        volume = self._create_volume()
        self.volume.create_volume(self.context, volume)
        volume.update({'status': 'extending'})
        volume.save()
        self.dlvm.fail_next('dlv-extend', 'dpv2 has no space')
        self.mock_object(quota.QUOTAS, 'rollback')

        self.volume.extend_volume(self.context, volume, 4, ['RESERVATION'])

        volume.refresh()
        self.assertEqual((1, 'error_extending'), (volume.size,
                                                  volume.status))

    def test_initialize_and_terminate_connection(self):
        volume = self._create_volume()
        self.volume.create_volume(self.context, volume)

        info = self.volume.initialize_connection(self.context, volume,
                                                 CONNECTOR)

        self.assertEqual('local', info['driver_volume_type'])
        self.assertEqual('/dev/mapper/dlvm-volume-' + volume.id,
                         info['data']['device_path'])
        self.assertEqual(('attached', 'compute1'),
                         (self._dlv(volume)['status'],
                          self._dlv(volume)['ihost']))

        self.volume.terminate_connection(self.context, volume.id, CONNECTOR)

        self.assertEqual(('available', None),
                         (self._dlv(volume)['status'],
                          self._dlv(volume)['ihost']))

    def test_force_detach_without_connector(self):
        volume = self._create_volume()
        self.volume.create_volume(self.context, volume)
        self.volume.initialize_connection(self.context, volume, CONNECTOR)

        self.volume.terminate_connection(self.context, volume.id, None,
                                         force=True)

        self.assertEqual([{'force': True}],
                         [b for _, _, b in self.dlvm.calls('POST',
                                                           '.*/detach')])
        self.assertEqual('available', self._dlv(volume)['status'])

    def test_attachment_update_and_delete(self):
        volume = self._create_volume()
        self.volume.create_volume(self.context, volume)
        attachment = db.volume_attach(self.context, {
            'volume_id': volume.id, 'attached_host': volume.host,
            'attach_status': 'reserved', 'instance_uuid': fake.INSTANCE_ID,
            'attach_mode': 'rw'})

        info = self.volume.attachment_update(self.context, volume, CONNECTOR,
                                             attachment.id)

        # the manager flattens 'data' into the answer
        self.assertEqual('local', info['driver_volume_type'])
        self.assertEqual('/dev/mapper/dlvm-volume-' + volume.id,
                         info['device_path'])
        self.assertEqual('attached', self._dlv(volume)['status'])

        self.volume.attachment_delete(self.context, attachment.id, volume)

        self.assertEqual('available', self._dlv(volume)['status'])

    def test_revert_to_snapshot(self):
        volume = self._create_volume()
        self.volume.create_volume(self.context, volume)
        snapshot = tests_utils.create_snapshot(self.context, volume.id)
        self.volume.create_snapshot(self.context, snapshot)
        volume.update({'status': 'reverting'})
        volume.save()
        snapshot.update({'status': fields.SnapshotStatus.RESTORING})
        snapshot.save()

        self.volume.revert_to_snapshot(self.context, volume, snapshot)

        volume.refresh()
        self.assertEqual('available', volume.status)
        self.assertEqual([{'snapshot': 'snapshot-' + snapshot.id}],
                         [b for _, _, b in self.dlvm.calls('POST',
                                                           '.*/revert')])
        # Cinder took a safety snapshot first and deleted it afterwards; that
        # delete attached the dlv, which carried the pending revert out
        dlv = self._dlv(volume)
        self.assertEqual(['snapshot-' + snapshot.id],
                         [s for (d, s) in self.dlvm.snapshots
                          if d == dlv['name']])
        self.assertIsNone(dlv['revert_pending'])
        self.assertEqual(('available', None), (dlv['status'], dlv['ihost']))

    def test_stats_reach_the_manager(self):
        self.volume.create_volume(self.context, self._create_volume(size=5))

        self.volume._report_driver_status(self.context)

        stats = self.volume.last_capabilities
        self.assertEqual('DLVM', stats['vendor_name'])
        pool = stats['pools'][0]
        self.assertEqual(('dvg1', 50.0, 45.0, 5.0),
                         (pool['pool_name'], pool['total_capacity_gb'],
                          pool['free_capacity_gb'],
                          pool['provisioned_capacity_gb']))
