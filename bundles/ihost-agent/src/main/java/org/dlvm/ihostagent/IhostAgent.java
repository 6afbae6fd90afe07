package org.dlvm.ihostagent;

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

/** The ihost agent of this node: serves {@code dlvm.ihost.<node>} on the broker. */
@Component(service = NodePart.class, immediate = true, configurationPid = NodeConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class IhostAgent implements NodePart {
    static final String PART_NAME = "ihost-agent";

    private final AgentRuntime runtime;
    private final IhostRequests requests;

    @Activate
    public IhostAgent(BundleContext context, @Reference(name = "driver") NodeDriver driver, NodeConfig config) throws IOException {
        this.requests = new IhostRequests(driver);
        this.runtime = AgentRuntime.startFor(Queues.Role.ihost, config, context.getBundle().getVersion().toString(),
                requests, requests);
    }

    @Deactivate
    void deactivate() {
        runtime.close();
        requests.close();
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
