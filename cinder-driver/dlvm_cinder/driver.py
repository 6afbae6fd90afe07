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
"""Cinder volume driver for DLVM, distributed block storage on LVM.

A Cinder volume is a dlv of the same name; a Cinder pool is a dvg. Attaching
a volume attaches its dlv to the ihost named like the connecting host
(``connector['host']``): DLVM assembles the block device there, so the
connection is ``local``, with the dlv's ``device_path``.
"""

import contextlib
import math
import re
import socket

from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import excutils
from oslo_utils import units

from cinder import coordination
from cinder import exception
from cinder.i18n import _
from cinder import interface
from cinder.volume import configuration
from cinder.volume import driver
from cinder.volume import volume_utils

from dlvm_cinder import client as dlvm_client

LOG = logging.getLogger(__name__)

dlvm_opts = [
    cfg.ListOpt('dlvm_api_urls',
                default=[],
                help='Base URLs of DLVM API v1 of every controller, e.g. '
                     'http://ctl1:9521/api/v1,http://ctl2:9521/api/v1. '
                     'When one cannot be reached the next one is used.'),
    cfg.StrOpt('dlvm_user',
               default='cinder',
               help='DLVM REST user (HTTP Basic). It needs the JAAS role '
                    '"cinder" (or "admin").'),
    cfg.StrOpt('dlvm_password',
               secret=True,
               help='Password of dlvm_user.'),
    cfg.ListOpt('dlvm_dvg',
                default=[],
                help='The dvgs volumes are made in; each is one Cinder pool. '
                     'A volume whose host names no pool goes to the first.'),
    cfg.IntOpt('dlvm_stripe_number',
               default=1, min=1, max=64,
               help='Stripe members of a new volume (volume type extra spec '
                    'dlvm:stripe_number overrides it).'),
    cfg.IntOpt('dlvm_replicas',
               default=2, min=1, max=3,
               help='Copies of every block of a new volume, each on another '
                    'dpv (volume type extra spec dlvm:replicas overrides it). '
                    'Reported capacities are the dvgs\' divided by this.'),
    cfg.IntOpt('dlvm_initial_data_percent',
               default=100, min=1, max=100,
               help='Share of a new volume\'s size given to its thin pools '
                    'at creation, in percent. 100 makes fully provisioned '
                    'volumes; below 100 volumes are thin (DLVM grows their '
                    'pools as they fill) unless their volume type says '
                    'provisioning:type=thick.'),
    cfg.StrOpt('dlvm_snapshot_ihost',
               help='DLVM takes and deletes snapshots only of an attached '
                    'dlv. A volume that is not attached is attached to this '
                    'ihost for that while, then detached. Default: this '
                    'host\'s name (socket.gethostname()), which must be an '
                    'ihost.'),
    cfg.IntOpt('dlvm_request_timeout',
               default=30, min=1,
               help='Seconds one HTTP request to DLVM may take.'),
    cfg.IntOpt('dlvm_operation_timeout',
               default=1800, min=1,
               help='Seconds a DLVM operation (create, attach, extend, '
                    'snapshot, ...) may take, or a busy volume may stay '
                    'busy, before the request fails.'),
    cfg.IntOpt('dlvm_clone_timeout',
               default=21600, min=1,
               help='Seconds a clone (volume from a volume or a snapshot) '
                    'may take to copy its data.'),
    cfg.FloatOpt('dlvm_poll_interval',
                 default=2.0, min=0.0,
                 help='Seconds between two looks at a DLVM operation.'),
]

CONF = cfg.CONF
CONF.register_opts(dlvm_opts, group=configuration.SHARED_CONF_GROUP)

# org.dlvm.api.Names.PATTERN: the rule every DLVM object name must match
NAME_RE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$')

# cinder.common.constants has no protocol for a device local to the host
STORAGE_PROTOCOL = 'DLVM'

SERVED = ('attached', 'degraded')
SETTLED = ('available', 'attached', 'degraded', 'error')
EXTRA_SPEC_STRIPES = 'dlvm:stripe_number'
EXTRA_SPEC_REPLICAS = 'dlvm:replicas'


def _checked(name):
    if not NAME_RE.match(name):
        raise exception.InvalidInput(
            reason=_('%(name)s does not fit DLVM\'s name rule %(rule)s') % {
                'name': name, 'rule': NAME_RE.pattern})
    return name


def dlv_name(volume_name_id):
    """The dlv of a Cinder volume: ``volume-<name_id>``, Cinder's own name.

    Built from the name_id rather than volume.name so that a changed
    volume_name_template cannot lose the volumes made before.
    """
    return _checked('volume-%s' % volume_name_id)


def snapshot_name(snapshot_id):
    return _checked('snapshot-%s' % snapshot_id)


def _usable_gb(raw_bytes, replicas):
    # every byte of a volume takes `replicas` bytes of the dvg
    return math.floor(raw_bytes / replicas / units.Gi * 100) / 100


@interface.volumedriver
class DlvmDriver(driver.VolumeDriver):
    """Volumes on DLVM over its REST API v1.

    .. code-block:: none

      Version history:
          1.0.0 - First version: volumes, snapshots, clones, revert,
                  online extend, local connections.
    """

    VERSION = '1.0.0'
    CI_WIKI_NAME = 'DLVM_CI'

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.configuration.append_config_values(dlvm_opts)
        self.client = None

    @classmethod
    def get_driver_options(cls):
        return dlvm_opts + cls._get_oslo_driver_opts(
            'driver_ssl_cert_verify', 'driver_ssl_cert_path',
            'reserved_percentage', 'max_over_subscription_ratio',
            'volume_backend_name')

    # ---- setup

    def do_setup(self, context):
        conf = self.configuration
        for option in ('dlvm_api_urls', 'dlvm_dvg', 'dlvm_password'):
            if not conf.safe_get(option):
                raise exception.InvalidConfigurationValue(
                    option=option, value=conf.safe_get(option))
        for dvg in conf.dlvm_dvg:
            if not NAME_RE.match(dvg):
                raise exception.InvalidConfigurationValue(option='dlvm_dvg',
                                                          value=dvg)
        verify = False
        if conf.safe_get('driver_ssl_cert_verify'):
            verify = conf.safe_get('driver_ssl_cert_path') or True
        elif any(u.startswith('https:') for u in conf.dlvm_api_urls):
            LOG.warning('DLVM API over HTTPS without checking its '
                        'certificate: set driver_ssl_cert_verify (and '
                        'driver_ssl_cert_path) in this backend\'s section')
        self.client = dlvm_client.DlvmClient(
            conf.dlvm_api_urls, conf.dlvm_user, conf.dlvm_password,
            verify=verify,
            request_timeout=conf.dlvm_request_timeout,
            operation_timeout=conf.dlvm_operation_timeout,
            poll_interval=conf.dlvm_poll_interval)

    def check_for_setup_error(self):
        service = self.client.service()
        if (not isinstance(service, dict) or service.get('service') != 'dlvm'
                or service.get('api') != 'v1'):
            raise exception.VolumeBackendAPIException(
                data=_('%(url)s is not DLVM API v1: it answered %(body)s') % {
                    'url': self.client.current_url, 'body': service})
        # GET / needs no credentials: a dvg does, and must exist
        for dvg in self.configuration.dlvm_dvg:
            try:
                self.client.get_dvg(dvg)
            except dlvm_client.DlvmApiError as e:
                if e.status == 404:
                    raise exception.InvalidConfigurationValue(
                        option='dlvm_dvg', value=dvg)
                raise
        volume_utils.get_max_over_subscription_ratio(
            self.configuration.max_over_subscription_ratio,
            supports_auto=False)
        LOG.info('DLVM %(version)s at %(url)s, pools %(dvgs)s', {
            'version': service.get('version'),
            'url': self.client.current_url,
            'dvgs': self.configuration.dlvm_dvg})

    # ---- stats

    def _thin(self):
        return self.configuration.dlvm_initial_data_percent < 100

    def _update_volume_stats(self):
        conf = self.configuration
        ratio = volume_utils.get_max_over_subscription_ratio(
            conf.max_over_subscription_ratio, supports_auto=False)
        self._stats = {
            'volume_backend_name': (conf.safe_get('volume_backend_name')
                                    or self.__class__.__name__),
            'vendor_name': 'DLVM',
            'driver_version': self.VERSION,
            'storage_protocol': STORAGE_PROTOCOL,
            'sparse_copy_volume': self._thin(),
            'pools': [self._pool_stats(dvg, ratio) for dvg in conf.dlvm_dvg],
        }

    def _pool_stats(self, name, ratio):
        conf = self.configuration
        pool = {
            'pool_name': name,
            'reserved_percentage': conf.reserved_percentage,
            'max_over_subscription_ratio': ratio,
            'thin_provisioning_support': self._thin(),
            'thick_provisioning_support': True,
            'QoS_support': False,
            'multiattach': False,
            'online_extend_support': True,
            'consistent_group_snapshot_enabled': False,
            'replication_enabled': False,
            'location_info': 'DlvmDriver:%s' % name,
        }
        try:
            dvg = self.client.get_dvg(name)
            dlvs = self.client.list_dlvs(dvg=name)
        except dlvm_client.DlvmError as e:
            # the scheduler must not place volumes on a pool it cannot see
            LOG.error('Cannot read dvg %(dvg)s from DLVM: %(err)s',
                      {'dvg': name, 'err': e})
            pool.update(total_capacity_gb=0, free_capacity_gb=0,
                        provisioned_capacity_gb=0, backend_state='down')
            return pool
        replicas = conf.dlvm_replicas
        pool.update(
            total_capacity_gb=_usable_gb(dvg.get('total_size', 0), replicas),
            free_capacity_gb=_usable_gb(dvg.get('free_size', 0), replicas),
            provisioned_capacity_gb=round(
                sum(d.get('size', 0) for d in dlvs) / units.Gi, 2),
            total_volumes=dvg.get('dlv_count', len(dlvs)),
            backend_state='up')
        return pool

    def get_pool(self, volume):
        pool = volume_utils.extract_host(volume.host, 'pool')
        if pool:
            return pool
        try:
            return self.client.get_dlv(dlv_name(volume.name_id)).get('dvg')
        except dlvm_client.DlvmError:
            return None

    # ---- layout of new dlvs

    @staticmethod
    def _extra_specs(volume):
        if not volume.volume_type_id:
            return {}
        return volume.volume_type.extra_specs or {}

    @staticmethod
    def _int_spec(specs, key, default, low, high):
        value = specs.get(key)
        if value is None:
            return default
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or number < low or number > high:
            raise exception.InvalidInput(
                reason=_('volume type extra spec %(key)s must be an integer '
                         'from %(low)s to %(high)s, got %(value)s') % {
                    'key': key, 'low': low, 'high': high, 'value': value})
        return number

    def _layout(self, volume):
        conf = self.configuration
        specs = self._extra_specs(volume)
        size = volume.size * units.Gi
        data_size = None
        if self._thin() and specs.get('provisioning:type') != 'thick':
            data_size = size * conf.dlvm_initial_data_percent // 100
        return {
            'dvg': (volume_utils.extract_host(volume.host, 'pool')
                    or conf.dlvm_dvg[0]),
            'stripe_number': self._int_spec(specs, EXTRA_SPEC_STRIPES,
                                            conf.dlvm_stripe_number, 1, 64),
            'replicas': self._int_spec(specs, EXTRA_SPEC_REPLICAS,
                                       conf.dlvm_replicas, 1, 3),
            'data_size': data_size,
        }

    # ---- volumes

    def create_volume(self, volume):
        name = dlv_name(volume.name_id)
        self._create_dlv(name, volume.size * units.Gi, self._layout(volume),
                         _('creating volume %s') % volume.id)

    def _create_dlv(self, name, size, layout, what, source=None,
                    timeout=None):
        try:
            accepted = self.client.create_dlv(name, size, source=source,
                                              **layout)
        except dlvm_client.DlvmApiError as e:
            if e.status == 501:
                raise exception.NotSupportedOperation(
                    operation=_('%(what)s: %(reason)s') % {
                        'what': what, 'reason': e.reason})
            if e.status == 409 and e.error == 'exists':
                # our own request again (a controller failed over after
                # taking it): the name is derived from the volume's id
                self._adopt(name, size, layout['dvg'], e, what, timeout)
                return
            raise
        try:
            self.client.wait_for_operation(accepted, what, timeout=timeout)
            if source is not None:
                # a clone serves as soon as it exists, and is `cloning` while
                # the data is copied: Cinder's volume is ready after that
                self.client.wait_for_dlv(name, ('available',), what,
                                         timeout=timeout)
        except dlvm_client.DlvmOperationFailed:
            with excutils.save_and_reraise_exception():
                # Cinder may reschedule the volume elsewhere: leave nothing
                self._delete_quietly(name)

    def _adopt(self, name, size, dvg, conflict, what, timeout):
        dlv = self.client.get_dlv(name)
        if dlv.get('dvg') != dvg or dlv.get('size', 0) < size:
            raise conflict
        LOG.info('dlv %(name)s exists already (%(status)s): taking it for '
                 '%(what)s', {'name': name, 'status': dlv.get('status'),
                              'what': what})
        self.client.wait_for_dlv(name, ('available',), what, timeout=timeout)

    def _delete_quietly(self, name):
        try:
            self._delete_dlv(name)
        except Exception as e:
            LOG.warning('dlv %(name)s is left behind: deleting it failed: '
                        '%(err)s', {'name': name, 'err': e})

    def _delete_dlv(self, name):
        try:
            accepted = self.client.delete_dlv(name)
        except dlvm_client.DlvmApiError as e:
            if e.status == 404:
                LOG.info('dlv %s does not exist: nothing to delete', name)
                return
            if e.status == 409 and e.error == 'attached':
                raise exception.VolumeIsBusy(volume_name=name,
                                             message=e.msg)
            raise
        self.client.wait_for_operation(accepted, _('deleting dlv %s') % name)

    @coordination.synchronized('dlvm-{volume.name_id}')
    def delete_volume(self, volume):
        self._delete_dlv(dlv_name(volume.name_id))

    @coordination.synchronized('dlvm-{volume.name_id}')
    def extend_volume(self, volume, new_size):
        name = dlv_name(volume.name_id)
        self._extend_dlv(name, new_size * units.Gi,
                         _('extending volume %(id)s to %(size)s GiB') % {
                             'id': volume.id, 'size': new_size})

    def _extend_dlv(self, name, size, what):
        try:
            accepted = self.client.extend_dlv(name, size)
        except dlvm_client.DlvmApiError as e:
            # DLVM rounds sizes up: a repeated extend finds it done
            if (e.status == 400 and e.error == 'not_larger'
                    and self.client.get_dlv(name).get('size', 0) >= size):
                return
            raise
        self.client.wait_for_operation(accepted, what)

    # ---- clones

    # DLVM copies on the ihost that serves the source, which stays attached
    # (to dlvm_snapshot_ihost when it was not) until the copy is done

    @coordination.synchronized('dlvm-{snapshot.volume.name_id}')
    def create_volume_from_snapshot(self, volume, snapshot):
        parent = dlv_name(snapshot.volume.name_id)
        source = {'snapshot': {'dlv': parent,
                               'name': snapshot_name(snapshot.id)}}
        self._clone(volume, parent, source, snapshot.volume_size,
                    _('creating volume %(id)s from snapshot %(snap)s') % {
                        'id': volume.id, 'snap': snapshot.id})

    @coordination.synchronized('dlvm-{src_vref.name_id}')
    def create_cloned_volume(self, volume, src_vref):
        parent = dlv_name(src_vref.name_id)
        self._clone(volume, parent, {'dlv': parent}, src_vref.size,
                    _('cloning volume %(src)s to %(id)s') % {
                        'src': src_vref.id, 'id': volume.id})

    def _clone(self, volume, parent, source, source_gb, what):
        name = dlv_name(volume.name_id)
        layout = self._layout(volume)
        # the clone needs the data it copies, not the share of a new volume
        layout['data_size'] = None
        timeout = self.configuration.dlvm_clone_timeout
        with self._served(parent, what):
            self._create_dlv(name, source_gb * units.Gi, layout, what,
                             source=source, timeout=timeout)
        if volume.size > source_gb:
            self._extend_dlv(name, volume.size * units.Gi, what)

    # ---- snapshots

    @contextlib.contextmanager
    def _served(self, name, what):
        """The dlv attached for the block: DLVM's snapshots need that.

        A dlv attached anywhere is used as it is; one that is not is attached
        to dlvm_snapshot_ihost and detached again afterwards.
        """
        dlv = self.client.wait_for_dlv(name, SETTLED, what)
        if dlv['status'] in SERVED:
            yield dlv
            return
        if dlv['status'] == 'error':
            raise dlvm_client.DlvmError(
                reason=_('dlv %(name)s is in error, so %(what)s cannot '
                         'start: %(reason)s') % {
                    'name': name, 'what': what, 'reason': dlv.get('reason')})
        ihost = (self.configuration.dlvm_snapshot_ihost
                 or socket.gethostname())
        LOG.info('Attaching dlv %(name)s to ihost %(ihost)s while %(what)s',
                 {'name': name, 'ihost': ihost, 'what': what})
        try:
            accepted = self.client.attach_dlv(name, ihost)
            self.client.wait_for_operation(accepted, what)
        except dlvm_client.DlvmError as e:
            # a failed attach leaves the dlv in error, held by the ihost
            self._detach_quietly(name)
            raise dlvm_client.DlvmError(
                reason=_('%(what)s needs dlv %(name)s attached, and '
                         'attaching it to ihost %(ihost)s '
                         '(dlvm_snapshot_ihost) failed: %(err)s') % {
                    'what': what, 'name': name, 'ihost': ihost,
                    'err': e.msg})
        try:
            yield self.client.get_dlv(name)
        except Exception:
            with excutils.save_and_reraise_exception():
                self._detach_quietly(name)
        try:
            self._detach(name, False, what)
        except dlvm_client.DlvmError as e:
            raise dlvm_client.DlvmError(
                reason=_('%(what)s is done, but dlv %(name)s stays attached '
                         'to ihost %(ihost)s: %(err)s') % {
                    'what': what, 'name': name, 'ihost': ihost,
                    'err': e.msg})

    def _detach(self, name, force, what):
        try:
            accepted = self.client.detach_dlv(name, force=force)
        except dlvm_client.DlvmApiError as e:
            if e.status == 409 and e.error == 'not_attached':
                return
            raise
        self.client.wait_for_operation(accepted, what)

    def _detach_quietly(self, name):
        try:
            self._detach(name, False, _('detaching dlv %s') % name)
        except Exception as e:
            LOG.warning('dlv %(name)s may stay attached: %(err)s',
                        {'name': name, 'err': e})

    @coordination.synchronized('dlvm-{snapshot.volume.name_id}')
    def create_snapshot(self, snapshot):
        dlv = dlv_name(snapshot.volume.name_id)
        snap = snapshot_name(snapshot.id)
        what = _('taking snapshot %s') % snapshot.id
        with self._served(dlv, what):
            try:
                accepted = self.client.create_snapshot(dlv, snap)
            except dlvm_client.DlvmApiError as e:
                if (e.status == 409 and e.error == 'exists'
                        and self.client.get_snapshot(dlv, snap).get(
                            'status') == 'available'):
                    return
                raise
            self.client.wait_for_operation(accepted, what)

    @coordination.synchronized('dlvm-{snapshot.volume.name_id}')
    def delete_snapshot(self, snapshot):
        dlv = dlv_name(snapshot.volume.name_id)
        snap = snapshot_name(snapshot.id)
        what = _('deleting snapshot %s') % snapshot.id
        try:
            self.client.get_snapshot(dlv, snap)
        except dlvm_client.DlvmApiError as e:
            if e.status == 404:
                LOG.info('snapshot %(snap)s of dlv %(dlv)s does not exist: '
                         'nothing to delete', {'snap': snap, 'dlv': dlv})
                return
            raise
        with self._served(dlv, what):
            try:
                accepted = self.client.delete_snapshot(dlv, snap)
            except dlvm_client.DlvmApiError as e:
                if e.status == 404:
                    return
                if e.status == 409:
                    raise exception.SnapshotIsBusy(snapshot_name=snap,
                                                   message=e.msg)
                raise
            self.client.wait_for_operation(accepted, what)

    @coordination.synchronized('dlvm-{volume.name_id}')
    def revert_to_snapshot(self, context, volume, snapshot):
        name = dlv_name(volume.name_id)
        snap = snapshot_name(snapshot.id)
        # the head takes the snapshot's contents at the next attach, before
        # the device appears: nothing can read the old contents meanwhile
        dlv = self.client.revert_dlv(name, snap)
        if (dlv or {}).get('revert_pending') != snap:
            raise dlvm_client.DlvmError(
                reason=_('DLVM accepted reverting dlv %(name)s to %(snap)s '
                         'but shows revert_pending %(pending)s') % {
                    'name': name, 'snap': snap,
                    'pending': (dlv or {}).get('revert_pending')})

    # ---- connections

    def validate_connector(self, connector):
        if not connector or not connector.get('host'):
            raise exception.InvalidConnectorException(missing='host')

    @coordination.synchronized('dlvm-{volume.name_id}')
    def initialize_connection(self, volume, connector, **kwargs):
        name = dlv_name(volume.name_id)
        ihost = connector['host']
        what = _('attaching volume %(id)s to %(host)s') % {'id': volume.id,
                                                           'host': ihost}
        dlv = self.client.wait_for_dlv(name, SETTLED, what)
        holder = dlv.get('ihost')
        if holder and holder != ihost:
            raise exception.VolumeBackendAPIException(
                data=_('dlv %(name)s is attached to ihost %(holder)s; a dlv '
                       'is attached to one ihost at a time, so it cannot be '
                       'attached to %(ihost)s too') % {
                    'name': name, 'holder': holder, 'ihost': ihost})
        if not (dlv['status'] in SERVED and dlv.get('device_path')):
            accepted = self.client.attach_dlv(name, ihost)
            self.client.wait_for_operation(accepted, what)
            dlv = self.client.get_dlv(name)
        if dlv['status'] not in SERVED or not dlv.get('device_path'):
            raise dlvm_client.DlvmError(
                reason=_('dlv %(name)s finished attaching to %(ihost)s but is '
                         '%(status)s, device path %(path)s') % {
                    'name': name, 'ihost': ihost, 'status': dlv['status'],
                    'path': dlv.get('device_path')})
        return {'driver_volume_type': 'local',
                'data': {'device_path': dlv['device_path']}}

    @coordination.synchronized('dlvm-{volume.name_id}')
    def terminate_connection(self, volume, connector, **kwargs):
        name = dlv_name(volume.name_id)
        # no connector: Cinder's force detach, for a host that may be gone
        force = connector is None or bool(kwargs.get('force'))
        what = _('detaching volume %s') % volume.id
        try:
            dlv = self.client.wait_for_dlv(name, SETTLED, what)
        except dlvm_client.DlvmApiError as e:
            if e.status == 404:
                LOG.warning('dlv %s does not exist: nothing to detach', name)
                return
            raise
        if not dlv.get('ihost'):
            return
        if connector is not None and dlv['ihost'] != connector.get('host'):
            LOG.info('dlv %(name)s is attached to ihost %(holder)s, not to '
                     '%(host)s: left as it is', {'name': name,
                                                 'holder': dlv['ihost'],
                                                 'host': connector.get('host')})
            return
        self._detach(name, force, what)

    def create_export(self, context, volume, connector):
        pass

    def ensure_export(self, context, volume):
        pass

    def remove_export(self, context, volume):
        pass

    def create_export_snapshot(self, context, snapshot, connector):
        pass

    def remove_export_snapshot(self, context, snapshot):
        pass

    def initialize_connection_snapshot(self, snapshot, connector, **kwargs):
        raise exception.NotSupportedOperation(
            operation=_('attaching a snapshot (DLVM attaches volumes only)'))
