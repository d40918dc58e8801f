package r1j.cli;

import picocli.CommandLine;

/** {@code r1j serve --model model.gguf FLAGS...} parsed as the CLI parses it, without running anything. */
final class ParsedServe {
    private ParsedServe() {}

    static ServeCommand with(String... flags) {
        ServeCommand serve = new ServeCommand();
        String[] args = new String[flags.length + 2];
        args[0] = "--model";
        args[1] = "model.gguf";
        System.arraycopy(flags, 0, args, 2, flags.length);
        new CommandLine(serve).parseArgs(args);
        return serve;
    }
}
