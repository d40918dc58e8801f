package r1j.server.http;

/**
 * An error the client should see, one subclass per HTTP status, each written by {@link ErrorMapper} as OpenAI's
 * {@code {"error": {"message", "type", "param", "code"}}}. Handlers throw these; nothing else becomes a 4xx.
 */
public abstract sealed class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient String param;
    private final transient String code;

    private ApiException(String message, String param, String code) {
        super(message);
        this.param = param;
        this.code = code;
    }

    public abstract int status();

    /** OpenAI's error {@code type}. */
    public abstract String type();

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }

    /** A machine-readable code ({@code model_not_found}, {@code context_length_exceeded}), or null. */
    public String code() {
        return code;
    }

    /** 400: the request is malformed or asks for something this server does not do. */
    public static final class BadRequest extends ApiException {
        private static final long serialVersionUID = 1L;

        public BadRequest(String message, String param) {
            this(message, param, null);
        }

        public BadRequest(String message, String param, String code) {
            super(message, param, code);
        }

        @Override
        public int status() {
            return 400;
        }

        @Override
        public String type() {
            return "invalid_request_error";
        }
    }

    /** 401: {@code --api-key} is set and the request did not present it. */
    public static final class Unauthorized extends ApiException {
        private static final long serialVersionUID = 1L;

        public Unauthorized(String message) {
            super(message, null, "invalid_api_key");
        }

        @Override
        public int status() {
            return 401;
        }

        @Override
        public String type() {
            return "invalid_request_error";
        }
    }

    /** 404: an unknown model or route. */
    public static final class NotFound extends ApiException {
        private static final long serialVersionUID = 1L;

        public NotFound(String message, String param, String code) {
            super(message, param, code);
        }

        @Override
        public int status() {
            return 404;
        }

        @Override
        public String type() {
            return "invalid_request_error";
        }
    }

    /** 405: the route exists, the method does not ({@code DELETE /v1/chat/completions}). */
    public static final class MethodNotAllowed extends ApiException {
        private static final long serialVersionUID = 1L;

        public MethodNotAllowed(String message) {
            super(message, null, "method_not_allowed");
        }

        @Override
        public int status() {
            return 405;
        }

        @Override
        public String type() {
            return "invalid_request_error";
        }
    }

    /** 408: the request body did not arrive in time (stalled or trickled). */
    public static final class RequestTimeout extends ApiException {
        private static final long serialVersionUID = 1L;

        public RequestTimeout(String message) {
            super(message, null, "request_timeout");
        }

        @Override
        public int status() {
            return 408;
        }

        @Override
        public String type() {
            return "invalid_request_error";
        }
    }

    /** 409: the resource is busy with another request (two messages to one conversation at once). */
    public static final class Conflict extends ApiException {
        private static final long serialVersionUID = 1L;

        public Conflict(String message, String param, String code) {
            super(message, param, code);
        }

        @Override
        public int status() {
            return 409;
        }

        @Override
        public String type() {
            return "invalid_request_error";
        }
    }

    /** 413: the body is larger than the server accepts. */
    public static final class PayloadTooLarge extends ApiException {
        private static final long serialVersionUID = 1L;

        public PayloadTooLarge(String message) {
            super(message, null, "request_too_large");
        }

        @Override
        public int status() {
            return 413;
        }

        @Override
        public String type() {
            return "invalid_request_error";
        }
    }

    /** 415: the body is declared as something other than JSON. */
    public static final class UnsupportedMediaType extends ApiException {
        private static final long serialVersionUID = 1L;

        public UnsupportedMediaType(String message) {
            super(message, null, "unsupported_media_type");
        }

        @Override
        public int status() {
            return 415;
        }

        @Override
        public String type() {
            return "invalid_request_error";
        }
    }

    /**
     * A rejection by the HTTP layer itself before any route ran (a bad URL escape, a NUL in a header, a URI or
     * headers over the size limits): the status Jetty chose, with its reason as the message.
     */
    public static final class Protocol extends ApiException {
        private static final long serialVersionUID = 1L;

        private final int status;

        public Protocol(int status, String message) {
            super(message, null, null);
            this.status = status;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String type() {
            return status >= 500 ? "server_error" : "invalid_request_error";
        }
    }

    /** 503: the engine's queue is full; the client should retry later. */
    public static final class Overloaded extends ApiException {
        private static final long serialVersionUID = 1L;

        public Overloaded(String message) {
            super(message, null, "server_overloaded");
        }

        @Override
        public int status() {
            return 503;
        }

        @Override
        public String type() {
            return "server_error";
        }
    }

    /** 500: the server failed; never used for something the client did wrong. */
    public static final class Internal extends ApiException {
        private static final long serialVersionUID = 1L;

        public Internal(String message) {
            super(message, null, null);
        }

        @Override
        public int status() {
            return 500;
        }

        @Override
        public String type() {
            return "server_error";
        }
    }
}
