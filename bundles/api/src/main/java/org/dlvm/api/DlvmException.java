package org.dlvm.api;

/**
 * The one error type every service raises. {@link Kind} decides the HTTP status the REST
 * layer answers with; {@code code} is the stable machine-readable word clients match on.
 */
public class DlvmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        INVALID(400), NOT_FOUND(404), CONFLICT(409), FAILED(500), NOT_IMPLEMENTED(501), UNAVAILABLE(503);

        public final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }

    private final Kind kind;
    private final String code;

    public DlvmException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public DlvmException(Kind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public static DlvmException invalid(String code, String message) {
        return new DlvmException(Kind.INVALID, code, message);
    }

    public static DlvmException notFound(String kind, String name) {
        return new DlvmException(Kind.NOT_FOUND, "not_found", "no " + kind + " named '" + name + "'");
    }

    public static DlvmException conflict(String code, String message) {
        return new DlvmException(Kind.CONFLICT, code, message);
    }

    public static DlvmException unavailable(String code, String message, Throwable cause) {
        return new DlvmException(Kind.UNAVAILABLE, code, message, cause);
    }
}
