package org.dlvm.node.internal;

import java.util.List;

import org.dlvm.api.NodeIdentity;
import org.dlvm.api.Names;
import org.dlvm.node.NodeConfig;
import org.dlvm.node.NodeNames;
import org.dlvm.node.NodeRoles;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** This node's identity, from {@code etc/org.dlvm.node.cfg}. */
@Component(service = NodeIdentity.class, configurationPid = NodeConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NodeConfig.class)
public final class LocalNodeIdentity implements NodeIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(LocalNodeIdentity.class);

    private final String name;
    private final List<String> roles;
    private final String driver;
    private final String version;

    @Activate
    public LocalNodeIdentity(BundleContext context, NodeConfig config) {
        this.name = NodeNames.nodeName(config);
        NodeRoles.Parsed parsed = NodeRoles.parse(config.roles());
        if (!parsed.unknown().isEmpty()) {
            LOG.warn("ignoring unknown roles {} in {}.cfg: known roles are {}", parsed.unknown(), NodeConfig.PID,
                    NodeRoles.KNOWN);
        }
        this.roles = parsed.roles();
        this.driver = config.driver();
        this.version = context.getBundle().getVersion().toString();
        if (!Names.isValid(name)) {
            // the agents' queues and the simulated IQN derive from it
            LOG.warn("node name '{}' does not match {}: set name in {}.cfg", name, Names.PATTERN, NodeConfig.PID);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> roles() {
        return roles;
    }

    @Override
    public String driver() {
        return driver;
    }

    @Override
    public String version() {
        return version;
    }
}
