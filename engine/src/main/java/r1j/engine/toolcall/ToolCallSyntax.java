package r1j.engine.toolcall;

/** The tool-call markups a reply may use. */
public enum ToolCallSyntax {
    /**
     * DeepSeek-R1's, as its chat template renders earlier calls:
     * {@code <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\nARGS\n```<｜tool▁call▁end｜>...<｜tool▁calls▁end｜>}.
     */
    DEEPSEEK_R1(new DeepSeekR1Format()),
    /** Hermes / Qwen2.5's: {@code <tool_call>{"name": NAME, "arguments": {...}}</tool_call>}. */
    HERMES(new HermesFormat());

    final ToolCallFormat format;

    ToolCallSyntax(ToolCallFormat format) {
        this.format = format;
    }
}
