package org.dlvm.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dlvm.api.Accepted;

/** The API's JSON: snake_case names (API.md), built from the api records. */
final class Json {
    private Json() {
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** The object as the API describes it, plus the operation that carries the request on. */
    static ObjectNode accepted(ObjectMapper mapper, Accepted<?> accepted) {
        ObjectNode node = mapper.valueToTree(accepted.object());
        node.set("operation", mapper.valueToTree(accepted.operation()));
        return node;
    }
}
