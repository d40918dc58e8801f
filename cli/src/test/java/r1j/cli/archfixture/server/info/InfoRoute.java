package r1j.cli.archfixture.server.info;

import r1j.cli.archfixture.engine.gguf.GgufWriter;

/** Breaks "the runtime does not use the offline tools" through the GGUF writer. */
public class InfoRoute {
    GgufWriter writer;
}
