package org.saliency4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.saliency4j.SaliencyException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code saliency4j} command: {@code saliency4j <command> [options]}, or
 * {@code java -jar saliency4j-examples.jar <command> [options]}. Each command is a picocli command class beside
 * this one; their help texts are the single source of the README's command table (CommandTableTest).
 */
@Command(name = "saliency4j", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Saliency maps, class visualisation and attribution for Keras models, on the JVM.",
        footer = {"", "Models and data sets are looked for under $SALIENCY4J_HOME/models and $SALIENCY4J_HOME/data "
                + "(default ~/.saliency4j) when no --model or --data is given. Exit status: 0 success, 1 failure, "
                + "2 usage error."},
        // The subcommands are added by commandLine(), all of them or only the one that runs (see COMMANDS).
        subcommands = {})
public final class Main implements Runnable {
    /** Exit status of a run that failed (a missing file, a model that does not load, ...). */
    public static final int FAILURE = 1;
    /** Exit status of a command line that cannot be understood. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.@Nullable CommandSpec spec;

    /** Read by {@link #failure}: a failure's causes, with their stack traces, after its one line. */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "after an error's one line, print its underlying causes with their stack traces")
    @SuppressWarnings("UnusedVariable") // declares the option to picocli; failure() asks the parse whether it matched
    private boolean verbose;

    /**
     * The commands, in the order the help lists them. picocli reads a command's annotations by reflection, which
     * loads every class its fields and methods name: a command line that runs one command gets only that one
     * (all of them cost a short command a quarter of a second at start-up, more than the command itself).
     */
    private static final List<Class<?>> COMMANDS = List.of(ExplainCommand.class, AssessCommand.class, VisualizeCommand.class, EvaluateCommand.class,
            SummaryCommand.class, InspectCommand.class, NotebookCommand.class, BenchCommand.class,
            AutoComplete.GenerateCompletion.class);
    /** The completion script's command, which describes all the others. */
    private static final Class<?> COMPLETION = AutoComplete.GenerateCompletion.class;

    private Main() {
    }

    /** @return the command's name, from its own annotation */
    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /**
     * Runs a command and exits with 0 on success, 1 on failure, 2 on a usage error.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs a command without exiting the JVM.
     *
     * @param args the command and its options
     * @param out  where results go
     * @param err  where errors, the backend line and progress go
     * @return the exit status: 0 on success, 1 on failure, 2 on a usage error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
        try {
            return commandLine(o, e, commandOf(args)).execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /**
     * The command that runs, if one alone is needed: the first argument that is not an option, where it names a
     * command other than the completion script (which describes all of them).
     */
    private static @Nullable String commandOf(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                boolean single = COMMANDS.stream().anyMatch(c -> c != COMPLETION && name(c).equals(a));
                return single ? a : null;
            }
        }
        // --version alone needs no command; --help lists them all.
        return args.length == 1 && (args[0].equals("-V") || args[0].equals("--version")) ? "" : null;
    }

    /**
     * The command line with every subcommand, writing to the given streams.
     *
     * @param out where results and help go
     * @param err where errors go
     * @return the command line, ready to execute
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, null);
    }

    /** The command line with one subcommand, or with all where {@code only} is null. */
    private static CommandLine commandLine(PrintWriter out, PrintWriter err, @Nullable String only) {
        CommandLine cli = new CommandLine(new Main());
        for (Class<?> c : COMMANDS) {
            if (only == null || only.equals(name(c))) {
                cli.addSubcommand(c);
            }
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpAutoWidth(true);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler(Main::failure);
        CommandLine completion = cli.getSubcommands().get(name(COMPLETION));
        if (completion != null) {
            completion.getCommandSpec().usageMessage().hidden(false);
        }
        return cli;
    }

    /** Without a command: the overview, as a usage error (exit 2). */
    @Override
    public void run() {
        CommandLine cli = java.util.Objects.requireNonNull(spec).commandLine();
        cli.usage(cli.getErr());
        throw new CommandLine.ParameterException(cli, "no command given");
    }

    /** A command line that cannot be understood: one line saying what and where to look, exit 2. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        String command = cli.getCommandSpec().qualifiedName();
        StringBuilder line = new StringBuilder("error: ").append(e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            line.append(" (did you mean ").append(u.getSuggestions().get(0)).append("?)");
        }
        line.append("; see '").append(command).append(" --help'");
        cli.getErr().println(line);
        return USAGE;
    }

    /**
     * A command that failed on what it was given (a missing or malformed file, a model that does not load): one
     * line in our words, exit 1. Anything else is a defect and keeps its stack trace.
     */
    private static int failure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) throws Exception {
        PrintWriter err = cli.getErr();
        if (e instanceof FileSystemException f) {
            err.println("error: " + f.getFile() + ": " + reason(f));
        } else if (e instanceof IOException || e instanceof SaliencyException) {
            err.println("error: " + (e.getMessage() != null ? e.getMessage() : "cannot be read or written ("
                    + e.getClass().getSimpleName() + ")"));
        } else {
            throw e;
        }
        if (verbose(parsed)) {
            e.printStackTrace(err);
        }
        return FAILURE;
    }

    /** Whether {@code --verbose} was given to the command that ran. */
    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** What went wrong with a file, in words: the system's reason where it gives one, else the kind of failure. */
    static String reason(FileSystemException f) {
        if (f.getReason() != null) {
            return f.getReason();
        }
        if (f instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder";
        }
        if (f instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof java.nio.file.FileAlreadyExistsException) {
            return "already exists";
        }
        if (f instanceof java.nio.file.NotDirectoryException) {
            return "not a folder";
        }
        if (f instanceof java.nio.file.DirectoryNotEmptyException) {
            return "a folder that is not empty";
        }
        return "cannot be read or written (" + f.getClass().getSimpleName() + ")";
    }
}
