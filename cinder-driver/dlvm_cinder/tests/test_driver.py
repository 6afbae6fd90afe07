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
"""DlvmDriver's methods against a FakeDlvm, the way Cinder calls them."""

import ddt

from cinder import context
from cinder import exception
from cinder.interface import volume_driver
from cinder.interface import volume_snapshot_revert
from cinder.tests.unit import fake_constants as fake
from cinder.tests.unit import fake_snapshot
from cinder.tests.unit import fake_volume
from cinder.tests.unit import test
from cinder.volume import configuration as conf

from dlvm_cinder import client as dlvm_client
from dlvm_cinder import driver as drv
from dlvm_cinder.tests import fake_dlvm

GiB = fake_dlvm.GiB
URL = fake_dlvm.BASE_URL
GROUP = 'dlvm-1'
VOL = 'volume-' + fake.VOLUME_ID
VOL2 = 'volume-' + fake.VOLUME2_ID
SNAP = 'snapshot-' + fake.SNAPSHOT_ID


class DlvmDriverBaseTestCase(test.TestCase):

    def setUp(self):
        super().setUp()
        self.ctxt = context.get_admin_context()
        self.dlvm, self.clock, self.http = fake_dlvm.start(self)
        self.dlvm.add_dvg('dvg1', 60 * GiB)
        self.dlvm.add_dvg('dvg2', 30 * GiB, free_size=10 * GiB)
        self.dlvm.add_ihost('compute1')
        self.dlvm.add_ihost('compute2')
        self.dlvm.add_ihost('cinder1')
        self.configuration = conf.Configuration(drv.dlvm_opts, config_group=GROUP)
        self.driver = drv.DlvmDriver(configuration=self.configuration,
                                     host='cinder1@' + GROUP)
        self._conf(dlvm_api_urls=[URL], dlvm_password='secret',
                   dlvm_dvg=['dvg1', 'dvg2'], dlvm_snapshot_ihost='cinder1',
                   dlvm_poll_interval=1.0, dlvm_operation_timeout=60,
                   dlvm_clone_timeout=120, volume_backend_name='dlvm')
        self.driver.do_setup(self.ctxt)

    def _conf(self, **options):
        for name, value in options.items():
            self.override_config(name, value, GROUP)

    def _volume(self, id=fake.VOLUME_ID, size=1, pool='dvg1', **kwargs):
        return fake_volume.fake_volume_obj(
            self.ctxt, id=id, size=size,
            host='cinder1@%s#%s' % (GROUP, pool), **kwargs)

    def _snapshot(self, volume, id=fake.SNAPSHOT_ID):
        return fake_snapshot.fake_snapshot_obj(
            self.ctxt, id=id, volume_id=volume.id, volume=volume,
            volume_size=volume.size)

    def _dlv(self, name=VOL, size=GiB, dvg='dvg1', **kwargs):
        return self.dlvm.add_dlv(name, size, dvg, **kwargs)


@ddt.ddt
class DlvmDriverSetupTestCase(DlvmDriverBaseTestCase):

    def test_conforms_to_cinder_interfaces(self):
        self.assertTrue(issubclass(drv.DlvmDriver,
                                   volume_driver.VolumeDriverCore))
        self.assertTrue(issubclass(
            drv.DlvmDriver, volume_snapshot_revert.VolumeSnapshotRevertDriver))

    def test_driver_options(self):
        names = {o.name for o in drv.DlvmDriver.get_driver_options()}
        self.assertTrue({'dlvm_api_urls', 'dlvm_user', 'dlvm_password',
                         'dlvm_dvg', 'dlvm_stripe_number', 'dlvm_replicas',
                         'dlvm_operation_timeout', 'dlvm_poll_interval',
                         'dlvm_request_timeout', 'dlvm_clone_timeout',
                         'dlvm_snapshot_ihost', 'dlvm_initial_data_percent',
                         'driver_ssl_cert_verify', 'driver_ssl_cert_path',
                         'max_over_subscription_ratio',
                         'reserved_percentage'} <= names)
        password = [o for o in drv.dlvm_opts if o.name == 'dlvm_password'][0]
        self.assertTrue(password.secret)

    @ddt.data('dlvm_api_urls', 'dlvm_dvg', 'dlvm_password')
    def test_do_setup_needs(self, option):
        self._conf(**{option: [] if option != 'dlvm_password' else None})
        e = self.assertRaises(exception.InvalidConfigurationValue,
                              self.driver.do_setup, self.ctxt)
        self.assertIn(option, e.msg)

    def test_do_setup_refuses_a_dvg_name_dlvm_would_refuse(self):
        self._conf(dlvm_dvg=['dvg 1'])
        self.assertRaises(exception.InvalidConfigurationValue,
                          self.driver.do_setup, self.ctxt)

    @ddt.data((False, None, False), (True, None, True),
              (True, '/etc/ssl/dlvm-ca.pem', '/etc/ssl/dlvm-ca.pem'))
    @ddt.unpack
    def test_tls_verification_follows_cinder_options(self, verify, path,
                                                     expected):
        self._conf(driver_ssl_cert_verify=verify, driver_ssl_cert_path=path)
        self.driver.do_setup(self.ctxt)
        self.assertEqual(expected, self.driver.client._session.verify)

    def test_check_for_setup_error(self):
        self.driver.check_for_setup_error()
        self.assertEqual([('GET', '/', None), ('GET', '/dvgs/dvg1', None),
                          ('GET', '/dvgs/dvg2', None)], self.dlvm.calls())

    def test_check_for_setup_error_missing_dvg(self):
        self._conf(dlvm_dvg=['dvg1', 'dvg9'])
        self.driver.do_setup(self.ctxt)
        e = self.assertRaises(exception.InvalidConfigurationValue,
                              self.driver.check_for_setup_error)
        self.assertIn('dvg9', e.msg)

    def test_check_for_setup_error_wrong_password(self):
        self._conf(dlvm_password='wrong')
        self.driver.do_setup(self.ctxt)
        e = self.assertRaises(dlvm_client.DlvmApiError,
                              self.driver.check_for_setup_error)
        self.assertIn('wrong user or password', e.msg)

    def test_check_for_setup_error_not_dlvm(self):
        self.http.register_uri('GET', URL + '/', json={'service': 'other'})
        e = self.assertRaises(exception.VolumeBackendAPIException,
                              self.driver.check_for_setup_error)
        self.assertIn('is not DLVM API v1', e.msg)

    def test_check_for_setup_error_auto_over_subscription(self):
        self._conf(max_over_subscription_ratio='auto')
        self.assertRaises(exception.VolumeDriverException,
                          self.driver.check_for_setup_error)

    def test_names(self):
        self.assertEqual(VOL, drv.dlv_name(fake.VOLUME_ID))
        self.assertEqual(SNAP, drv.snapshot_name(fake.SNAPSHOT_ID))
        self.assertEqual('volume-' + 'a' * 121, drv.dlv_name('a' * 121))
        self.assertRaises(exception.InvalidInput, drv.dlv_name, 'a' * 122)
        self.assertRaises(exception.InvalidInput, drv.dlv_name, 'a/b')
        self.assertRaises(exception.InvalidInput, drv.snapshot_name, 'a b')


class DlvmDriverStatsTestCase(DlvmDriverBaseTestCase):

    def test_one_pool_per_dvg(self):
        self._dlv(VOL, 2 * GiB)
        self._dlv(VOL2, 3 * GiB)
        self._dlv('other', 5 * GiB, dvg='dvg2')
        self._conf(reserved_percentage=5, max_over_subscription_ratio='1.5')

        stats = self.driver.get_volume_stats(refresh=True)

        self.assertEqual('dlvm', stats['volume_backend_name'])
        self.assertEqual('DLVM', stats['vendor_name'])
        self.assertEqual(drv.DlvmDriver.VERSION, stats['driver_version'])
        self.assertEqual(drv.STORAGE_PROTOCOL, stats['storage_protocol'])
        pools = {p['pool_name']: p for p in stats['pools']}
        self.assertEqual(['dvg1', 'dvg2'], sorted(pools))
        dvg1 = pools['dvg1']
        # two replicas: every GiB of a volume takes two of the dvg
        self.assertEqual(30.0, dvg1['total_capacity_gb'])
        self.assertEqual(30.0, dvg1['free_capacity_gb'])
        self.assertEqual(5.0, dvg1['provisioned_capacity_gb'])
        self.assertEqual(2, dvg1['total_volumes'])
        self.assertEqual((15.0, 5.0, 5.0, 1),
                         (pools['dvg2']['total_capacity_gb'],
                          pools['dvg2']['free_capacity_gb'],
                          pools['dvg2']['provisioned_capacity_gb'],
                          pools['dvg2']['total_volumes']))
        for pool in pools.values():
            self.assertEqual(5, pool['reserved_percentage'])
            self.assertEqual(1.5, pool['max_over_subscription_ratio'])
            self.assertFalse(pool['thin_provisioning_support'])
            self.assertTrue(pool['thick_provisioning_support'])
            self.assertFalse(pool['multiattach'])
            self.assertTrue(pool['online_extend_support'])
            self.assertFalse(pool['QoS_support'])
            self.assertEqual('up', pool['backend_state'])

    def test_thin_with_a_smaller_initial_data_share(self):
        self._conf(dlvm_initial_data_percent=25)
        stats = self.driver.get_volume_stats(refresh=True)
        self.assertTrue(stats['pools'][0]['thin_provisioning_support'])
        self.assertTrue(stats['sparse_copy_volume'])

    def test_three_replicas(self):
        self._conf(dlvm_replicas=3)
        stats = self.driver.get_volume_stats(refresh=True)
        self.assertEqual(20.0, stats['pools'][0]['total_capacity_gb'])

    def test_pool_dlvm_cannot_show_is_down_and_empty(self):
        self.dlvm.inject('GET', '/dvgs/dvg2', 503, 'database_unavailable',
                         'the database cannot be reached')

        pools = self.driver.get_volume_stats(refresh=True)['pools']

        self.assertEqual('up', pools[0]['backend_state'])
        self.assertEqual(('down', 0, 0), (pools[1]['backend_state'],
                                          pools[1]['total_capacity_gb'],
                                          pools[1]['free_capacity_gb']))

    def test_cached_until_refresh(self):
        self.driver.get_volume_stats(refresh=True)
        self.dlvm.requests.clear()
        self.driver.get_volume_stats()
        self.assertEqual([], self.dlvm.requests)

    def test_get_pool(self):
        self.assertEqual('dvg2', self.driver.get_pool(self._volume(
            pool='dvg2')))
        self._dlv(VOL, dvg='dvg2')
        volume = self._volume()
        volume.host = 'cinder1@' + GROUP
        self.assertEqual('dvg2', self.driver.get_pool(volume))


@ddt.ddt
class DlvmDriverVolumeTestCase(DlvmDriverBaseTestCase):

    def test_create_volume(self):
        self.driver.create_volume(self._volume(size=3, pool='dvg2'))

        self.assertEqual([{'name': VOL, 'size': 3 * GiB, 'dvg': 'dvg2',
                           'stripe_number': 1, 'replicas': 2}],
                         [b for _, _, b in self.dlvm.calls('POST', '/dlvs')])
        self.assertEqual('available', self.dlvm.dlvs[VOL]['status'])
        self.assertEqual(3, len(self.clock.sleeps))

    def test_create_volume_without_pool_takes_the_first_dvg(self):
        volume = self._volume()
        volume.host = 'cinder1@' + GROUP
        self.driver.create_volume(volume)
        self.assertEqual('dvg1', self.dlvm.dlvs[VOL]['dvg'])

    def test_create_volume_layout_from_options_and_extra_specs(self):
        self._conf(dlvm_stripe_number=4, dlvm_replicas=3)
        self.driver.create_volume(self._volume())
        volume = self._volume(id=fake.VOLUME2_ID)
        volume.volume_type = fake_volume.fake_volume_type_obj(
            self.ctxt, extra_specs={'dlvm:stripe_number': '2',
                                    'dlvm:replicas': '1'})
        volume.volume_type_id = volume.volume_type.id
        self.driver.create_volume(volume)

        self.assertEqual((4, 3), (self.dlvm.dlvs[VOL]['stripe_number'],
                                  self.dlvm.dlvs[VOL]['replicas']))
        self.assertEqual((2, 1), (self.dlvm.dlvs[VOL2]['stripe_number'],
                                  self.dlvm.dlvs[VOL2]['replicas']))

    @ddt.data({'dlvm:replicas': '4'}, {'dlvm:stripe_number': 'two'},
              {'dlvm:stripe_number': '0'})
    def test_create_volume_bad_extra_spec(self, specs):
        volume = self._volume()
        volume.volume_type = fake_volume.fake_volume_type_obj(
            self.ctxt, extra_specs=specs)
        volume.volume_type_id = volume.volume_type.id
        self.assertRaises(exception.InvalidInput, self.driver.create_volume,
                          volume)
        self.assertEqual([], self.dlvm.calls('POST'))

    @ddt.data((None, GiB), ('thin', GiB), ('thick', None))
    @ddt.unpack
    def test_create_thin_volume(self, provisioning, data_size):
        self._conf(dlvm_initial_data_percent=25)
        volume = self._volume(size=4)
        if provisioning:
            volume.volume_type = fake_volume.fake_volume_type_obj(
                self.ctxt, extra_specs={'provisioning:type': provisioning})
            volume.volume_type_id = volume.volume_type.id

        self.driver.create_volume(volume)

        body = self.dlvm.calls('POST', '/dlvs')[0][2]
        self.assertEqual(data_size, body.get('data_size'))

    def test_failed_create_says_why_and_leaves_nothing(self):
        self.dlvm.fail_next('dlv-create', 'no dpv of dvg1 answered')

        e = self.assertRaises(dlvm_client.DlvmOperationFailed,
                              self.driver.create_volume, self._volume())

        self.assertIn('no dpv of dvg1 answered', e.msg)
        self.assertNotIn(VOL, self.dlvm.dlvs)

    def test_create_refused_for_space(self):
        e = self.assertRaises(dlvm_client.DlvmApiError,
                              self.driver.create_volume,
                              self._volume(size=6, pool='dvg2'))
        self.assertEqual('no_space', e.error)

    def test_create_repeated_after_failover_takes_the_dlv(self):
        self._dlv(VOL, status='creating')
        self.dlvm.hold(VOL, kind='dlv-create', seconds=3)
        self.dlvm.operations['op-1']['_succeed'] = (
            lambda: self.dlvm.dlvs[VOL].update(status='available'))

        self.driver.create_volume(self._volume())

        self.assertEqual('available', self.dlvm.dlvs[VOL]['status'])

    def test_create_conflicts_with_a_different_dlv(self):
        self._dlv(VOL, dvg='dvg2')
        e = self.assertRaises(dlvm_client.DlvmApiError,
                              self.driver.create_volume, self._volume())
        self.assertEqual('exists', e.error)

    def test_delete_volume(self):
        self._dlv()
        self.driver.delete_volume(self._volume())
        self.assertNotIn(VOL, self.dlvm.dlvs)

    def test_delete_missing_volume(self):
        self.driver.delete_volume(self._volume())
        self.assertEqual([('DELETE', '/dlvs/' + VOL, None)],
                         self.dlvm.calls())

    def test_delete_attached_volume_is_busy(self):
        self._dlv(status='attached', ihost='compute1')
        e = self.assertRaises(exception.VolumeIsBusy,
                              self.driver.delete_volume, self._volume())
        self.assertIn("attached to ihost 'compute1'", e.msg)
        self.assertIn(VOL, self.dlvm.dlvs)

    def test_failed_delete(self):
        self._dlv()
        self.dlvm.fail_next('dlv-delete', 'dpv3 did not answer')
        e = self.assertRaises(dlvm_client.DlvmOperationFailed,
                              self.driver.delete_volume, self._volume())
        self.assertIn('dpv3 did not answer', e.msg)

    @ddt.data('available', 'attached')
    def test_extend_volume(self, status):
        self._dlv(status=status, ihost='compute1' if status == 'attached'
                  else None)

        self.driver.extend_volume(self._volume(), 3)

        self.assertEqual([{'size': 3 * GiB}],
                         [b for _, _, b in self.dlvm.calls('POST')])
        self.assertEqual((3 * GiB, status), (self.dlvm.dlvs[VOL]['size'],
                                             self.dlvm.dlvs[VOL]['status']))

    def test_extend_repeated_after_it_succeeded(self):
        self._dlv(size=3 * GiB)
        self.driver.extend_volume(self._volume(), 3)
        self.assertEqual(3 * GiB, self.dlvm.dlvs[VOL]['size'])

    def test_extend_degraded_volume_fails_with_dlvm_reason(self):
        self._dlv(status='degraded', ihost='compute1')
        e = self.assertRaises(dlvm_client.DlvmApiError,
                              self.driver.extend_volume, self._volume(), 2)
        self.assertIn('while it is degraded', e.msg)

    def test_busy_volume_is_waited_for(self):
        self._dlv()
        self.dlvm.hold(VOL, kind='leg-repair', seconds=10)
        self.driver.extend_volume(self._volume(), 2)
        self.assertEqual(2 * GiB, self.dlvm.dlvs[VOL]['size'])
        self.assertGreaterEqual(sum(self.clock.sleeps), 10)


class DlvmDriverSnapshotTestCase(DlvmDriverBaseTestCase):

    def test_snapshot_of_attached_volume(self):
        self._dlv(status='attached', ihost='compute1')
        volume = self._volume()

        self.driver.create_snapshot(self._snapshot(volume))

        self.assertEqual('available',
                         self.dlvm.snapshots[(VOL, SNAP)]['status'])
        self.assertEqual([('POST', '/dlvs/%s/snapshots' % VOL,
                           {'name': SNAP})], self.dlvm.calls('POST'))
        self.assertEqual('compute1', self.dlvm.dlvs[VOL]['ihost'])

    def test_snapshot_of_detached_volume_attaches_it_for_the_while(self):
        self._dlv()

        self.driver.create_snapshot(self._snapshot(self._volume()))

        self.assertEqual([
            ('POST', '/dlvs/%s/attach' % VOL, {'ihost': 'cinder1'}),
            ('POST', '/dlvs/%s/snapshots' % VOL, {'name': SNAP}),
            ('POST', '/dlvs/%s/detach' % VOL, {})], self.dlvm.calls('POST'))
        self.assertEqual('available',
                         self.dlvm.snapshots[(VOL, SNAP)]['status'])
        self.assertEqual(('available', None), (self.dlvm.dlvs[VOL]['status'],
                                               self.dlvm.dlvs[VOL]['ihost']))

    def test_snapshot_ihost_defaults_to_this_host(self):
        self._conf(dlvm_snapshot_ihost=None)
        self._dlv()
        self.mock_object(drv.socket, 'gethostname', return_value='compute2')
        self.driver.create_snapshot(self._snapshot(self._volume()))
        self.assertEqual({'ihost': 'compute2'},
                         self.dlvm.calls('POST', '.*/attach')[0][2])

    def test_snapshot_needs_an_ihost_to_attach_to(self):
        self._conf(dlvm_snapshot_ihost='nowhere')
        self._dlv()

        e = self.assertRaises(dlvm_client.DlvmError,
                              self.driver.create_snapshot,
                              self._snapshot(self._volume()))

        self.assertIn('attaching it to ihost nowhere (dlvm_snapshot_ihost) '
                      'failed', e.msg)
        self.assertIn("no ihost named 'nowhere'", e.msg)
        self.assertEqual('available', self.dlvm.dlvs[VOL]['status'])

    def test_failed_snapshot_still_detaches(self):
        self._dlv()
        self.dlvm.fail_next('snapshot-create', 'pool of s0 did not suspend')

        e = self.assertRaises(dlvm_client.DlvmOperationFailed,
                              self.driver.create_snapshot,
                              self._snapshot(self._volume()))

        self.assertIn('pool of s0 did not suspend', e.msg)
        self.assertEqual(('available', None), (self.dlvm.dlvs[VOL]['status'],
                                               self.dlvm.dlvs[VOL]['ihost']))

    def test_snapshot_done_but_detach_failed(self):
        self._dlv()
        self.dlvm.fail_next('dlv-detach', 'ihost cinder1 did not answer')

        e = self.assertRaises(dlvm_client.DlvmError,
                              self.driver.create_snapshot,
                              self._snapshot(self._volume()))

        self.assertIn('is done, but dlv %s stays attached to ihost cinder1'
                      % VOL, e.msg)
        self.assertIn('ihost cinder1 did not answer', e.msg)

    def test_snapshot_of_volume_in_error(self):
        self._dlv(status='error')
        self.dlvm.dlvs[VOL]['reason'] = 'legs lost'
        e = self.assertRaises(dlvm_client.DlvmError,
                              self.driver.create_snapshot,
                              self._snapshot(self._volume()))
        self.assertIn('legs lost', e.msg)
        self.assertEqual([], self.dlvm.calls('POST'))

    def test_snapshot_waits_for_a_volume_being_attached(self):
        self._dlv(status='attaching', ihost='compute1')
        self.dlvm.hold(VOL, kind='dlv-attach')
        self.dlvm.operations['op-1']['_succeed'] = (
            lambda: self.dlvm.dlvs[VOL].update(status='attached'))

        self.driver.create_snapshot(self._snapshot(self._volume()))

        self.assertEqual([('POST', '/dlvs/%s/snapshots' % VOL,
                           {'name': SNAP})], self.dlvm.calls('POST'))

    def test_repeated_snapshot(self):
        self._dlv(status='attached', ihost='compute1')
        self.dlvm.add_snapshot(VOL, SNAP)
        self.driver.create_snapshot(self._snapshot(self._volume()))
        self.assertEqual('available',
                         self.dlvm.snapshots[(VOL, SNAP)]['status'])

    def test_delete_snapshot_of_detached_volume(self):
        self._dlv()
        self.dlvm.add_snapshot(VOL, SNAP)

        self.driver.delete_snapshot(self._snapshot(self._volume()))

        self.assertNotIn((VOL, SNAP), self.dlvm.snapshots)
        self.assertEqual(['POST', 'DELETE', 'POST'],
                         [m for m, _, _ in self.dlvm.calls()
                          if m != 'GET'])
        self.assertIsNone(self.dlvm.dlvs[VOL]['ihost'])

    def test_delete_snapshot_of_attached_volume(self):
        self._dlv(status='attached', ihost='compute1')
        self.dlvm.add_snapshot(VOL, SNAP)
        self.driver.delete_snapshot(self._snapshot(self._volume()))
        self.assertEqual([('DELETE', '/dlvs/%s/snapshots/%s' % (VOL, SNAP),
                           None)], self.dlvm.calls('DELETE'))

    def test_delete_missing_snapshot(self):
        self._dlv()
        self.driver.delete_snapshot(self._snapshot(self._volume()))
        self.assertEqual([], self.dlvm.calls('POST'))

    def test_delete_snapshot_of_missing_volume(self):
        self.driver.delete_snapshot(self._snapshot(self._volume()))
        self.assertEqual([], self.dlvm.calls('POST'))

    def test_delete_snapshot_refused(self):
        self._dlv(status='attached', ihost='compute1')
        self.dlvm.add_snapshot(VOL, SNAP)
        self.dlvm.inject('DELETE', '/dlvs/.*/snapshots/.*', 409, 'in_use',
                         'snapshot has clones')
        e = self.assertRaises(exception.SnapshotIsBusy,
                              self.driver.delete_snapshot,
                              self._snapshot(self._volume()))
        self.assertIn('snapshot has clones', e.msg)

    def test_revert_to_snapshot(self):
        self._dlv()
        self.dlvm.add_snapshot(VOL, SNAP)
        volume = self._volume()

        self.driver.revert_to_snapshot(self.ctxt, volume,
                                       self._snapshot(volume))

        self.assertEqual([('POST', '/dlvs/%s/revert' % VOL,
                           {'snapshot': SNAP})], self.dlvm.calls('POST'))
        self.assertEqual(SNAP, self.dlvm.dlvs[VOL]['revert_pending'])

    def test_revert_attached_volume_is_refused(self):
        self._dlv(status='attached', ihost='compute1')
        self.dlvm.add_snapshot(VOL, SNAP)
        volume = self._volume()
        e = self.assertRaises(dlvm_client.DlvmApiError,
                              self.driver.revert_to_snapshot, self.ctxt,
                              volume, self._snapshot(volume))
        self.assertIn('detach it before reverting', e.msg)

    def test_revert_not_shown_pending(self):
        self._dlv()
        self.dlvm.add_snapshot(VOL, SNAP)
        self.http.register_uri('POST', URL + '/dlvs/%s/revert' % VOL,
                               json={'name': VOL, 'revert_pending': None})
        volume = self._volume()
        self.assertRaises(dlvm_client.DlvmError,
                          self.driver.revert_to_snapshot, self.ctxt, volume,
                          self._snapshot(volume))


class DlvmDriverCloneTestCase(DlvmDriverBaseTestCase):

    def setUp(self):
        super().setUp()
        self._dlv(VOL, status='attached', ihost='compute1')
        self.dlvm.add_snapshot(VOL, SNAP)
        self.source = self._volume()
        self.snapshot = self._snapshot(self.source)

    def test_volume_from_snapshot_not_in_this_dlvm(self):
        self.dlvm.clone_supported = False
        e = self.assertRaises(exception.NotSupportedOperation,
                              self.driver.create_volume_from_snapshot,
                              self._volume(id=fake.VOLUME2_ID), self.snapshot)

        self.assertIn('online clone', e.msg)
        self.assertEqual([{'name': VOL2, 'size': GiB, 'dvg': 'dvg1',
                           'stripe_number': 1, 'replicas': 2,
                           'source': {'snapshot': {'dlv': VOL,
                                                   'name': SNAP}}}],
                         [b for _, _, b in self.dlvm.calls('POST', '/dlvs')])

    def test_cloned_volume_not_in_this_dlvm(self):
        self.dlvm.clone_supported = False
        e = self.assertRaises(exception.NotSupportedOperation,
                              self.driver.create_cloned_volume,
                              self._volume(id=fake.VOLUME2_ID), self.source)
        self.assertIn('cloning volume %s' % fake.VOLUME_ID, e.msg)
        self.assertEqual({'dlv': VOL},
                         self.dlvm.calls('POST', '/dlvs')[0][2]['source'])

    def test_cloned_volume_waits_for_the_copy(self):

        self.driver.create_cloned_volume(self._volume(id=fake.VOLUME2_ID),
                                         self.source)

        self.assertEqual('available', self.dlvm.dlvs[VOL2]['status'])
        self.assertEqual([], self.dlvm.calls('POST', '.*/extend'))
        # the operation, then the copy: op_seconds each
        self.assertGreaterEqual(sum(self.clock.sleeps), 6)

    def test_larger_volume_from_snapshot_is_extended(self):

        self.driver.create_volume_from_snapshot(
            self._volume(id=fake.VOLUME2_ID, size=4), self.snapshot)

        self.assertEqual(GiB, self.dlvm.calls('POST', '/dlvs')[0][2]['size'])
        self.assertEqual([{'size': 4 * GiB}],
                         [b for _, _, b in self.dlvm.calls(
                             'POST', '/dlvs/%s/extend' % VOL2)])
        self.assertEqual(4 * GiB, self.dlvm.dlvs[VOL2]['size'])

    def test_clone_copy_timeout(self):
        self._conf(dlvm_clone_timeout=2)
        e = self.assertRaises(dlvm_client.DlvmTimeout,
                              self.driver.create_cloned_volume,
                              self._volume(id=fake.VOLUME2_ID), self.source)
        self.assertIn('cloning volume %s' % fake.VOLUME_ID, e.msg)

    def test_thin_clone_leaves_its_data_size_to_dlvm(self):
        self._conf(dlvm_initial_data_percent=10)
        self.driver.create_cloned_volume(self._volume(id=fake.VOLUME2_ID),
                                         self.source)
        self.assertNotIn('data_size',
                         self.dlvm.calls('POST', '/dlvs')[0][2])


class DlvmDriverConnectionTestCase(DlvmDriverBaseTestCase):

    connector = {'host': 'compute1', 'initiator': 'iqn.1993-08.org.debian:01',
                 'ip': '10.0.0.11', 'multipath': False}

    def test_initialize_connection_attaches_to_the_host(self):
        self._dlv()

        info = self.driver.initialize_connection(self._volume(),
                                                 self.connector)

        self.assertEqual({'driver_volume_type': 'local',
                          'data': {'device_path': '/dev/mapper/dlvm-' + VOL}},
                         info)
        self.assertEqual([('POST', '/dlvs/%s/attach' % VOL,
                           {'ihost': 'compute1'})], self.dlvm.calls('POST'))
        self.assertEqual('attached', self.dlvm.dlvs[VOL]['status'])

    def test_initialize_connection_already_attached_there(self):
        self._dlv(status='attached', ihost='compute1')
        info = self.driver.initialize_connection(self._volume(),
                                                 self.connector)
        self.assertEqual('/dev/mapper/dlvm-' + VOL,
                         info['data']['device_path'])
        self.assertEqual([], self.dlvm.calls('POST'))

    def test_initialize_connection_attached_elsewhere(self):
        self._dlv(status='attached', ihost='compute2')
        e = self.assertRaises(exception.VolumeBackendAPIException,
                              self.driver.initialize_connection,
                              self._volume(), self.connector)
        self.assertIn('attached to ihost compute2', e.msg)
        self.assertEqual([], self.dlvm.calls('POST'))

    def test_initialize_connection_unknown_ihost(self):
        self._dlv()
        e = self.assertRaises(dlvm_client.DlvmApiError,
                              self.driver.initialize_connection,
                              self._volume(), {'host': 'compute9'})
        self.assertIn("no ihost named 'compute9'", e.msg)

    def test_initialize_connection_failed_attach(self):
        self._dlv()
        self.dlvm.fail_next('dlv-attach', 'leg l01 of dpv2 not reachable')
        e = self.assertRaises(dlvm_client.DlvmOperationFailed,
                              self.driver.initialize_connection,
                              self._volume(), self.connector)
        self.assertIn('leg l01 of dpv2 not reachable', e.msg)

    def test_attach_timeout_says_what_it_waited_for(self):
        self._dlv()
        self.dlvm.op_seconds = 1000
        self._conf(dlvm_operation_timeout=30)
        self.driver.do_setup(self.ctxt)
        e = self.assertRaises(dlvm_client.DlvmTimeout,
                              self.driver.initialize_connection,
                              self._volume(), self.connector)
        self.assertIn('timed out after 30 s', e.msg)
        self.assertIn('attaching volume %s to compute1' % fake.VOLUME_ID,
                      e.msg)

    def test_validate_connector(self):
        self.driver.validate_connector(self.connector)
        self.assertRaises(exception.InvalidConnectorException,
                          self.driver.validate_connector,
                          {'initiator': 'iqn.x'})

    def test_terminate_connection_detaches(self):
        self._dlv(status='attached', ihost='compute1')
        self.driver.terminate_connection(self._volume(), self.connector)
        self.assertEqual([('POST', '/dlvs/%s/detach' % VOL, {})],
                         self.dlvm.calls('POST'))
        self.assertEqual('available', self.dlvm.dlvs[VOL]['status'])

    def test_terminate_connection_without_connector_forces(self):
        self._dlv(status='attached', ihost='compute2')
        self.driver.terminate_connection(self._volume(), None)
        self.assertEqual([('POST', '/dlvs/%s/detach' % VOL,
                           {'force': True})], self.dlvm.calls('POST'))
        self.assertEqual('available', self.dlvm.dlvs[VOL]['status'])

    def test_terminate_connection_of_another_host_leaves_it(self):
        self._dlv(status='attached', ihost='compute2')
        self.driver.terminate_connection(self._volume(), self.connector)
        self.assertEqual([], self.dlvm.calls('POST'))
        self.assertEqual('attached', self.dlvm.dlvs[VOL]['status'])

    def test_terminate_connection_of_detached_or_missing_volume(self):
        self.driver.terminate_connection(self._volume(), self.connector)
        self._dlv()
        self.driver.terminate_connection(self._volume(), None)
        self.assertEqual([], self.dlvm.calls('POST'))

    def test_terminate_connection_after_failed_attach_cleans_up(self):
        self._dlv(status='error', ihost='compute1')
        self.driver.terminate_connection(self._volume(), self.connector)
        self.assertEqual(('available', None), (self.dlvm.dlvs[VOL]['status'],
                                               self.dlvm.dlvs[VOL]['ihost']))

    def test_forced_detach_refused_while_a_dpv_is_away(self):
        self._dlv(status='degraded', ihost='compute2')
        self.dlvm.inject('POST', '/dlvs/.*/detach', 409, 'cannot_fence',
                         'dpv dpv2 (unavailable) may still export its legs')
        e = self.assertRaises(dlvm_client.DlvmApiError,
                              self.driver.terminate_connection,
                              self._volume(), None)
        self.assertIn('may still export its legs', e.msg)

    def test_exports_are_no_ops(self):
        volume = self._volume()
        self.assertIsNone(self.driver.create_export(self.ctxt, volume,
                                                    self.connector))
        self.assertIsNone(self.driver.ensure_export(self.ctxt, volume))
        self.assertIsNone(self.driver.remove_export(self.ctxt, volume))
        snapshot = self._snapshot(volume)
        self.assertIsNone(self.driver.create_export_snapshot(
            self.ctxt, snapshot, self.connector))
        self.assertIsNone(self.driver.remove_export_snapshot(self.ctxt,
                                                             snapshot))
        self.assertRaises(exception.NotSupportedOperation,
                          self.driver.initialize_connection_snapshot,
                          snapshot, self.connector)
        self.assertEqual([], self.dlvm.calls())
