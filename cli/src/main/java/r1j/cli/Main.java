package r1j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code r1j} command: one subcommand class per verb. */
@Command(name = "r1j", mixinStandardHelpOptions = true, version = "r1j 0.1.0",
        description = "Self-hosted DeepSeek-R1-Distill-Qwen engine in pure Java.",
        subcommands = {GenerateCommand.class, ChatCommand.class, ServeCommand.class, PullCommand.class, ListCommand.class, RmCommand.class, LoadTestCommand.class, ConversationsCommand.class, SynthCommand.class, QuantizeCommand.class, BenchCommand.class, EvalCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

    public static void main(String[] args) {
        // One line per log record (the JDK's default takes two), so that a server log stays greppable and a client
        // error logged per request costs one line. Set before the first logger exists; a user's setting wins.
        if (System.getProperty(LOG_FORMAT) == null) System.setProperty(LOG_FORMAT, "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        System.exit(commandLine().execute(args));
    }

    /** The command line with r1j's error handling: a failing command prints one line, not a stack trace. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // Bad files and bad settings are the user's to fix: one clear line, no stack trace.
            commandLine.getErr().println("r1j: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (Boolean.getBoolean("r1j.debug")) ex.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli;
    }
}
