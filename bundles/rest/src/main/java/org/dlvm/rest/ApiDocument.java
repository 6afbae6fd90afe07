package org.dlvm.rest;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;

import org.apache.cxf.jaxrs.openapi.OpenApiCustomizer;

/**
 * What openapi.json says beyond the resources' annotations, applied to the generated document in
 * one place: Basic auth on every path but the two public ones, the error body on every error any
 * path can answer, the answers that carry an operation, the tags' descriptions, and the server's
 * path. Schemas of the api records follow the API's JSON (snake_case; every field present; text
 * fields may be null) through {@link #describeRecordsAsWritten()}.
 */
final class ApiDocument extends OpenApiCustomizer {
    static final String BASIC = "basicAuth";
    private static final String ERROR = "#/components/schemas/Error";
    private static final Map<String, String> TAGS = Map.of(
            "service", "The service itself and its health",
            "dpvs", "Storage servers: each carves legs out of its LVM volume group and exports them over iSCSI",
            "dvgs", "Groups of dpvs that a dlv takes its legs from",
            "ihosts", "Initiator hosts, where dlvs are assembled and used",
            "dlvs", "Distributed volumes and their snapshots",
            "operations", "The asynchronous work that requests start");

    @Override
    public void customize(OpenAPI api) {
        super.customize(api);
        api.setServers(List.of(new Server().url("/api/v1").description("this controller")));
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.setComponents(components);
        components.addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("a user of the appliance's JAAS realm: role admin may do everything, role reader may read, role cinder may read and change dlvs and their snapshots"));
        api.setSecurity(List.of(new SecurityRequirement().addList(BASIC)));
        for (String name : List.of("Dpv", "Ihost", "Dlv", "Snapshot")) {
            // the object's own fields with operation beside them, flat as the answer is (not allOf: a
            // validator that allows no unknown fields would refuse every answer against each half)
            Schema<?> object = components.getSchemas().get(name);
            Schema<?> operationPart = components.getSchemas().get(name + "Accepted");
            if (object != null && operationPart != null) {
                Map<String, Schema> properties = new java.util.LinkedHashMap<>(object.getProperties());
                properties.putAll(operationPart.getProperties());
                List<String> required = new java.util.ArrayList<>(object.getRequired());
                required.addAll(operationPart.getRequired());
                components.getSchemas().put(name + "Accepted", new Schema<>().type("object").properties(properties)
                        .required(required).description(operationPart.getDescription()));
            }
        }
        api.setTags(new TreeSet<>(TAGS.keySet()).stream().map(t -> new Tag().name(t).description(TAGS.get(t))).toList());
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            boolean isPublic = method == PathItem.HttpMethod.GET && (path.equals("/") || path.equals("/health"));
            if (isPublic) {
                op.setSecurity(List.of());
            } else {
                error(op.getResponses(), "401", "no or wrong credentials");
                error(op.getResponses(), "403", "the user's roles do not allow this");
            }
            error(op.getResponses(), "400", "bad input: nothing was changed");
            if (!isPublic) {
                error(op.getResponses(), "404", "no such object (the one named in the path or in the body)");
            }
            if (method != PathItem.HttpMethod.GET) {
                error(op.getResponses(), "409", "the object's state does not allow it, or another operation runs on it");
            }
            if (!isPublic) {
                error(op.getResponses(), "503", "the controller cannot reach its database or broker");
            }
        }));
    }

    private static void error(io.swagger.v3.oas.models.responses.ApiResponses responses, String status, String why) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(why).content(new Content()
                    .addMediaType("application/json", new MediaType().schema(new Schema<>().$ref(ERROR)))));
        }
    }

    /**
     * The api records' schemas as the API writes them (Json.mapper: snake_case), every field
     * required since every field is always written, and text fields nullable since some are null
     * (a reason, an address, a device path). Swagger's converters are one global list: added once.
     */
    static void describeRecordsAsWritten() {
        ModelConverters converters = ModelConverters.getInstance();
        if (converters.getConverters().stream().noneMatch(c -> c instanceof AsWritten)) {
            converters.addConverter(new AsWritten());
        }
    }

    /** The JSON names of a record's number fields that may be null (Long, Double, ...: "not reported"). */
    static Set<String> boxedNumbers(Class<?> record) {
        Set<String> names = new java.util.HashSet<>();
        for (java.lang.reflect.RecordComponent c : record.getRecordComponents()) {
            if (Number.class.isAssignableFrom(c.getType())) {
                names.add(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE
                        .translate(c.getName()));
            }
        }
        return names;
    }

    private static final class AsWritten implements ModelConverter {
        private final ModelResolver resolver = new ModelResolver(Json.mapper());

        @Override
        public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
            Schema<?> schema = resolver.resolve(type, context, chain);
            Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
            if (schema != null && raw.isRecord() && raw.getPackageName().equals("org.dlvm.api")) {
                Schema<?> model = schema.get$ref() == null ? schema
                        : context.getDefinedModels().get(schema.get$ref().replace("#/components/schemas/", ""));
                if (model != null && model.getProperties() != null) {
                    model.setRequired(List.copyOf(model.getProperties().keySet()));
                    Set<String> boxed = boxedNumbers(raw);
                    for (Map.Entry<String, Schema> e : model.getProperties().entrySet()) {
                        Schema<?> p = e.getValue();
                        if ("string".equals(p.getType()) && p.getEnum() == null || boxed.contains(e.getKey())) {
                            p.setNullable(true);
                        }
                    }
                }
            }
            return schema;
        }
    }
}
