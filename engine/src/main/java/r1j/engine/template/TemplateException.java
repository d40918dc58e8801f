package r1j.engine.template;

/**
 * A chat template failed to compile (syntax error, with line and column) or to render (a runtime error, or the
 * template's own {@code raise_exception(msg)}, whose message is kept verbatim).
 */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong: the server may answer a RAISED error (the template rejects the request) with a 400. */
    public enum Kind { SYNTAX, RUNTIME, RAISED }

    private final Kind kind;
    private final String detail;
    private final int line;
    private final int column;

    public TemplateException(Kind kind, String message, int line, int column) {
        super(line > 0 ? message + " (line " + line + ", column " + column + ")" : message);
        this.kind = kind;
        this.detail = message;
        this.line = line;
        this.column = column;
    }

    /** A runtime error whose position is not known yet (the interpreter adds it on the way out). */
    public TemplateException(String message) {
        this(Kind.RUNTIME, message, 0, 0);
    }

    public TemplateException(String message, int line, int column) {
        this(Kind.RUNTIME, message, line, column);
    }

    public Kind kind() {
        return kind;
    }

    /** The message without the position suffix. */
    public String detail() {
        return detail;
    }

    /** 1-based line of the offending source position, or 0 when unknown (always 0 for raise_exception). */
    public int line() {
        return line;
    }

    /** 1-based column of the offending source position, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** The same error pinned to a source position, unless it already has one or came from raise_exception. */
    TemplateException at(int line, int column) {
        if (this.line > 0 || kind == Kind.RAISED) return this;
        TemplateException located = new TemplateException(kind, detail, line, column);
        located.setStackTrace(getStackTrace());
        return located;
    }
}
