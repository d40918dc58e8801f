package r1j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code r1j} command: one subcommand class per verb. */
@Command(name = "r1j", mixinStandardHelpOptions = true, version = "r1j 0.1.0",
        description = "Self-hosted DeepSeek-R1-Distill-Qwen engine in pure Java.",
        subcommands = {GenerateCommand.class, ChatCommand.class, ServeCommand.class, PullCommand.class, ListCommand.class, RmCommand.class, LoadTestCommand.class, ConversationsCommand.class, SynthCommand.class, QuantizeCommand.class, BenchCommand.class, EvalCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // Bad files and bad settings are the user's to fix: one clear line, no stack trace.
            commandLine.getErr().println("r1j: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (Boolean.getBoolean("r1j.debug")) ex.printStackTrace(commandLine.getErr());
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
