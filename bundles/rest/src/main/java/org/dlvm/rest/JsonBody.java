package org.dlvm.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dlvm.api.DlvmException;

/**
 * A request body checked field by field, so that every kind of bad input gets a 400 that
 * names the field: not JSON, too large, an unknown field, a missing field, a wrong type.
 */
final class JsonBody {
    private final ObjectNode node;
    /** Where the object sits in the request ({@code source.}), for the messages; empty at the top. */
    private final String prefix;

    private JsonBody(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    static JsonBody parse(ObjectMapper mapper, InputStream in, int maxBytes, Set<String> allowedFields) {
        byte[] bytes = readAtMost(in, maxBytes);
        JsonNode parsed;
        try {
            // one JSON value and nothing after it, each field once: what a client did not mean is refused, not guessed
            parsed = bytes.length == 0 ? mapper.createObjectNode()
                    : mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(bytes);
        } catch (JsonProcessingException e) {
            throw DlvmException.invalid("invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw DlvmException.invalid("invalid_json", "the body cannot be read: " + e.getMessage());
        }
        if (parsed == null || !parsed.isObject()) {
            throw DlvmException.invalid("invalid_json", "the body must be a JSON object");
        }
        return checked((ObjectNode) parsed, "", allowedFields);
    }

    private static JsonBody checked(ObjectNode node, String prefix, Set<String> allowedFields) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (!allowedFields.contains(field)) {
                throw DlvmException.invalid("unknown_field", "unknown field '" + prefix + field + "'; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowedFields)));
            }
        }
        return new JsonBody(node, prefix);
    }

    /**
     * The object field as a body of its own with these fields allowed (null when absent or JSON
     * null); its messages name the field by its path ({@code source.dlv}).
     */
    JsonBody optionalObject(String field, String... allowedFields) {
        if (!hasObject(field)) {
            return null;
        }
        return checked((ObjectNode) node.get(field), prefix + field + ".", Set.of(allowedFields));
    }

    private static byte[] readAtMost(InputStream in, int maxBytes) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > maxBytes) {
                    throw DlvmException.invalid("body_too_large", "the body is larger than " + maxBytes + " bytes");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw DlvmException.invalid("invalid_json", "the body cannot be read: " + e.getMessage());
        }
    }

    /** "field 'source.dlv'": a field as the messages name it, by its path in the request. */
    private String named(String field) {
        return "field '" + prefix + field + "'";
    }

    /** A field that must be there, JSON null allowed (null clears it). */
    void requirePresent(String field) {
        if (!node.has(field)) {
            throw DlvmException.invalid("missing_field", named(field) + " is required (null clears it)");
        }
    }

    /** The string field, or null when absent or JSON null. */
    String optionalString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw DlvmException.invalid("wrong_type", named(field) + " must be a string, got " + type(v));
        }
        return v.textValue();
    }

    /** The field as one of the enum's names, or null when absent or JSON null. */
    <E extends Enum<E>> E optionalEnum(String field, Class<E> type) {
        String v = optionalString(field);
        if (v == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        throw DlvmException.invalid("invalid_value", named(field) + " must be one of "
                + java.util.Arrays.toString(type.getEnumConstants()) + ", got '" + (v.length() <= 40 ? v : v.substring(0, 40)
                        + "...") + "'");
    }

    String requiredString(String field) {
        String v = optionalString(field);
        if (v == null) {
            throw DlvmException.invalid("missing_field", named(field) + " is required");
        }
        return v;
    }

    /**
     * The integer field, or null when absent or JSON null. Only JSON integers count: sizes are
     * bytes, and "1.5", 1.5, 1e9 or true silently turned into a number would store a size nobody asked for.
     */
    Long optionalLong(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw DlvmException.invalid("wrong_type", named(field) + " must be an integer, got " + type(v));
        }
        if (!v.canConvertToLong()) {
            throw DlvmException.invalid("wrong_type", named(field) + " must be an integer between "
                    + Long.MIN_VALUE + " and " + Long.MAX_VALUE + ", got " + v.asText());
        }
        return v.longValue();
    }

    long requiredLong(String field) {
        Long v = optionalLong(field);
        if (v == null) {
            throw DlvmException.invalid("missing_field", named(field) + " is required");
        }
        return v;
    }

    /** The boolean field, or {@code absent} when absent or JSON null; only JSON true and false count. */
    boolean optionalBoolean(String field, boolean absent) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw DlvmException.invalid("wrong_type", named(field) + " must be true or false, got " + type(v));
        }
        return v.booleanValue();
    }

    /** The integer field, or {@code absent} when absent or JSON null. */
    int optionalInt(String field, int absent) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber()) {
            throw DlvmException.invalid("wrong_type", named(field) + " must be an integer, got " + type(v));
        }
        if (!v.canConvertToInt()) {
            throw DlvmException.invalid("wrong_type", named(field) + " must be an integer between "
                    + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + ", got " + v.asText());
        }
        return v.intValue();
    }

    /** Whether the object field is there; absent and JSON null are both "no". */
    boolean hasObject(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isObject()) {
            throw DlvmException.invalid("wrong_type", named(field) + " must be an object, got " + type(v));
        }
        return true;
    }

    private static String type(JsonNode v) {
        return v.getNodeType().name().toLowerCase();
    }
}
