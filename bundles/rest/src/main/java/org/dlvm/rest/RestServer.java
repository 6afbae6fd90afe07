package org.dlvm.rest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.jaxrs.openapi.OpenApiFeature;
import org.apache.cxf.jaxrs.lifecycle.SingletonResourceProvider;
import org.dlvm.api.DlvService;
import org.dlvm.api.DpvService;
import org.dlvm.api.DvgService;
import org.dlvm.api.HealthCheck;
import org.dlvm.api.IhostService;
import org.dlvm.api.OperationService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

/** Publishes API v1 on CXF's servlet transport (http://<bind>:9521/api/v1 with the shipped config). */
@Component(immediate = true, configurationPid = "org.dlvm.rest")
@Designate(ocd = RestConfig.class)
public class RestServer {
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();

    private final Server server;

    @Activate
    public RestServer(@Reference DpvService dpvs, @Reference DvgService dvgs, @Reference IhostService ihosts,
            @Reference DlvService dlvs, @Reference OperationService operations, RestConfig config,
            BundleContext bundleContext) {
        String version = bundleContext.getBundle().getVersion().toString();
        Resources resources = new Resources(dpvs, dvgs, ihosts, dlvs, operations, () -> List.copyOf(checks), version,
                config.max_body_bytes());
        server = create(config.address(), resources, new JaasAuthenticator(config.realm()), version);
    }

    /** Also used by the tests, with another address and authenticator. */
    static Server create(String address, Resources resources, Authenticator authenticator, String version) {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(BusFactory.getDefaultBus());
        factory.setAddress(address);
        factory.setResourceClasses(Resources.class);
        factory.setResourceProvider(Resources.class, new SingletonResourceProvider(resources));
        factory.setProviders(List.of(new JacksonJsonProvider(Json.mapper()), new DlvmExceptionMapper(),
                new FallbackExceptionMapper(), new BasicAuthFilter(authenticator)));
        OpenApiFeature openApi = new OpenApiFeature();
        openApi.setTitle("DLVM REST API");
        openApi.setDescription("Distributed block storage: dpvs, dvgs, dlvs, ihosts, operations");
        openApi.setVersion(version);
        openApi.setSupportSwaggerUi(false);
        openApi.setPrettyPrint(true);
        // classpath scanning finds nothing inside OSGi bundles: describe the resources this server has
        openApi.setScan(false);
        openApi.setScanKnownConfigLocations(false);
        openApi.setScannerClass("io.swagger.v3.jaxrs2.integration.JaxrsApplicationScanner");
        factory.setFeatures(List.of(openApi));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(RestServer.class.getClassLoader());
        try {
            return factory.create();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Deactivate
    void deactivate() {
        server.destroy();
    }
}
