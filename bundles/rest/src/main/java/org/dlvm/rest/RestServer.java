package org.dlvm.rest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.jaxrs.openapi.OpenApiFeature;
import org.dlvm.api.AuditRecord;
import org.dlvm.api.DlvService;
import org.dlvm.api.DpvService;
import org.dlvm.api.DvgService;
import org.dlvm.api.HealthCheck;
import org.dlvm.api.IhostService;
import org.dlvm.api.MetricsExposition;
import org.dlvm.api.NodeEnrolment;
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
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetricsExposition metrics;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeEnrolment enrolment;

    private final Server server;

    @Activate
    public RestServer(@Reference DpvService dpvs, @Reference DvgService dvgs, @Reference IhostService ihosts,
            @Reference DlvService dlvs, @Reference OperationService operations, RestConfig config,
            BundleContext bundleContext) {
        String version = bundleContext.getBundle().getVersion().toString();
        server = create(config.address(), resources(dpvs, dvgs, ihosts, dlvs, operations, () -> List.copyOf(checks),
                () -> metrics, () -> enrolment, version, config.max_body_bytes()), new CachingAuthenticator(new JaasAuthenticator(config.realm()),
                config.login_cache_seconds() * 1000L, 1024, System::currentTimeMillis), version, RestServer::audit);
    }

    /** One resource per kind of object, sharing one support (bodies, broker check, answer shapes). */
    static List<Object> resources(DpvService dpvs, DvgService dvgs, IhostService ihosts, DlvService dlvs,
            OperationService operations, Supplier<List<HealthCheck>> checks, Supplier<MetricsExposition> metrics,
            Supplier<NodeEnrolment> enrolment, String version, int maxBodyBytes) {
        ResourceSupport support = new ResourceSupport(checks, maxBodyBytes);
        return List.of(new RootResource(support, version), new DpvResource(dpvs, support), new DvgResource(dvgs, support),
                new IhostResource(ihosts, support), new DlvResource(dlvs, support), new OperationResource(operations),
                new MetricsResource(metrics), new NodeResource(enrolment, support));
    }

    private static final org.slf4j.Logger AUDIT = org.slf4j.LoggerFactory.getLogger(AuditRecord.LOGGER);

    static void audit(AuditRecord record) {
        AUDIT.info(record.line());
    }

    /** Also used by the tests, with another address, authenticator and audit log. */
    static Server create(String address, List<Object> resources, Authenticator authenticator, String version,
            java.util.function.Consumer<AuditRecord> audit) {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(BusFactory.getDefaultBus());
        factory.setAddress(address);
        factory.setServiceBeans(resources);
        factory.setProviders(List.of(new JacksonJsonProvider(Json.mapper()), new DlvmExceptionMapper(),
                new FallbackExceptionMapper(), new BasicAuthFilter(authenticator), new AuditFilter(audit)));
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
        openApi.setLicense("Apache License 2.0");
        openApi.setLicenseUrl("https://www.apache.org/licenses/LICENSE-2.0");
        openApi.setCustomizer(new ApiDocument());
        ApiDocument.describeRecordsAsWritten();
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
