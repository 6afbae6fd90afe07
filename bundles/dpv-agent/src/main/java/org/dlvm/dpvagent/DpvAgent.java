package org.dlvm.dpvagent;

import java.io.IOException;

import org.dlvm.agent.AgentRuntime;
import org.dlvm.api.NodePart;
import org.dlvm.node.NodeConfig;
import org.dlvm.node.NodeDriver;
import org.dlvm.protocol.Queues;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** The dpv agent of this node: serves {@code dlvm.dpv.<node>} on the broker. */
@Component(service = NodePart.class, immediate = true, configurationPid = NodeConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class DpvAgent implements NodePart {
    static final String PART_NAME = "dpv-agent";

    private final AgentRuntime runtime;

    @Activate
    public DpvAgent(BundleContext context, @Reference(name = "driver") NodeDriver driver, NodeConfig config) throws IOException {
        DpvRequests requests = new DpvRequests(driver, config.dpv_vg());
        this.runtime = AgentRuntime.startFor(Queues.Role.dpv, config, context.getBundle().getVersion().toString(),
                requests, requests);
    }

    @Deactivate
    void deactivate() {
        runtime.close();
    }

    @Override
    public String partName() {
        return PART_NAME;
    }

    @Override
    public String state() {
        return runtime.state();
    }
}
