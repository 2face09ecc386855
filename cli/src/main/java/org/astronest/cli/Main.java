package org.astronest.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code astronest} command. Subcommands live in their own classes and are registered in
 * {@link #subcommands()}.
 *
 * <p>Error policy: any error reaches the user as a single line {@code error: ...} on standard error with a
 * non-zero exit code (2 for usage errors, 1 otherwise); {@code --verbose} adds the stack trace.
 */
@Command(name = "astronest", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Bayesian inference for astronomy: nested sampling, ensemble MCMC and emulated forward models.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** All subcommands of {@code astronest}, in the order {@code --help} lists them. */
    static Object[] subcommands() {
        return new Object[] {
            new RunCommand(),
            new PredictCommand(),
            new ProblemCommand(),
            new EmulateCommand(),
            new RadexCommand(),
            new PlotCommand(),
            new CompareCommand(),
            new PayneCommand(),
            new BenchCommand(),
            new McfaCommand(),
            new ValidateCommand(),
        };
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.println("error: " + oneLine(ex.getMessage()));
            err.println("(see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.println("error: " + describe(ex));
            err.flush();
            return ex instanceof UsageException ? 2 : 1;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli hands only Exceptions to the handler above; errors of the JVM end here, as one line
            if (verbose) {
                e.printStackTrace(err);
            }
            err.println("error: " + describe(e));
            code = 1;
        } finally {
            org.astronest.cli.io.RunLock.releaseAll();
        }
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Object sub : subcommands()) {
            cl.addSubcommand(sub);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** One line for the user: the message of the exception, or its type when it has none. */
    static String describe(Throwable ex) {
        Throwable t = ex;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException) {
            m = "no such file: " + m;
        } else if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        } else if (t instanceof OutOfMemoryError) {
            m = "out of memory (" + m + "); raise -Xmx through JAVA_OPTS";
        }
        return oneLine(m);
    }

    private static String oneLine(String m) {
        return m == null ? "" : m.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** Thrown by commands for bad user input that is not caught by picocli itself; exits with code 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** Version from the build (resource filtered by Maven). */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"astronest " + version(), "Java " + System.getProperty("java.version")
                    + " (" + System.getProperty("java.vendor") + ")"};
        }

        public static String version() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                return "unknown";
            }
            return p.getProperty("version", "unknown");
        }
    }
}
