package r1j.cli.archfixture.engine.runtime;

import r1j.cli.archfixture.engine.quantize.Quantizer;

/** Breaks "the runtime does not use the offline tools". */
public class Runner {
    Quantizer quantizer;
}
