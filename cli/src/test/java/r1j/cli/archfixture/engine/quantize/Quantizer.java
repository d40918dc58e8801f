package r1j.cli.archfixture.engine.quantize;

import r1j.cli.archfixture.engine.gguf.GgufWriter;

/** An offline tool using the writer: allowed. */
public class Quantizer {
    GgufWriter writer;
}
