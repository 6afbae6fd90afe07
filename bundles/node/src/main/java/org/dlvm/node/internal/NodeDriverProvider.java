package org.dlvm.node.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.dlvm.node.NodeConfig;
import org.dlvm.node.NodeDriver;
import org.dlvm.node.NodeNames;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the configured {@link NodeDriver}. The service object depends on the configuration,
 * which DS cannot express, hence the registration by hand; a configuration change re-activates
 * this component and so replaces the driver.
 */
@Component(service = {}, immediate = true, configurationPid = NodeConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class NodeDriverProvider {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDriverProvider.class);

    private final ServiceRegistration<NodeDriver> registration;

    @Activate
    public NodeDriverProvider(BundleContext context, NodeConfig config) {
        ServiceRegistration<NodeDriver> registered = null;
        try {
            NodeDriver driver = NodeDrivers.create(config, NodeNames.nodeName(config));
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(NodeDriver.SERVICE_PROPERTY_KIND, driver.kind());
            registered = context.registerService(NodeDriver.class, driver, properties);
            LOG.info("node driver '{}' registered", driver.kind());
        } catch (IllegalArgumentException e) {
            LOG.error("no node driver registered: {}", e.getMessage());
        }
        this.registration = registered;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters on bundle stop before DS deactivates us
            }
        }
    }
}
