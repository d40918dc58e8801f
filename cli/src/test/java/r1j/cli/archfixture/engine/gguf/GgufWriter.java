package r1j.cli.archfixture.engine.gguf;

/** Stands for the GGUF writer the offline tools share. */
public class GgufWriter {}
