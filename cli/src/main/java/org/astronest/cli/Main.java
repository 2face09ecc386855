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
 * non-zero exit code; {@code --verbose} adds the stack trace. Exit codes ({@link #exitCode}): 2 when the input is
 * unusable (options, config, input files: found before any work), 1 when a run fails (sampling, a likelihood
 * error, writing the results).
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
            new ExportCommand(),
            new MapCommand(),
            new PayneCommand(),
            new BenchCommand(),
            new McfaCommand(),
            new NmfCommand(),
            new TaggingCommand(),
            new CrossSurveyCommand(),
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
            err.println("error: " + oneLine(ex.getMessage()) + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.println("error: " + describe(ex));
            err.flush();
            return exitCode(ex);
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
    public static String describe(Throwable ex) {
        Throwable t = ex;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (t instanceof java.nio.file.FileSystemException f) {
            // these carry the path as their message; say the reason, and name the file once
            m = fileProblem(f);
        } else if (t.getCause() instanceof java.nio.file.FileSystemException f && m != null && f.getMessage() != null
                && m.endsWith(f.getMessage())) {
            // "cannot write X: X" from a wrapper: the reason instead of the path a second time
            String p = fileProblem(f);
            String reason = p.substring(0, p.indexOf(": "));
            String rest = m.substring(0, m.length() - f.getMessage().length());
            m = rest + reason + (f.getFile() != null && !rest.contains(f.getFile()) ? " (" + f.getFile() + ")" : "");
        } else if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        } else if (t instanceof OutOfMemoryError) {
            m = "out of memory (" + m + "); raise -Xmx through JAVA_OPTS";
        }
        return oneLine(m);
    }

    /** "no such file: PATH", "permission denied: PATH", ... for the file-system exceptions of java.nio. */
    static String fileProblem(java.nio.file.FileSystemException f) {
        String what;
        if (f instanceof java.nio.file.NoSuchFileException) {
            what = "no such file";
        } else if (f instanceof java.nio.file.AccessDeniedException) {
            what = "permission denied";
        } else if (f instanceof java.nio.file.NotDirectoryException) {
            what = "not a directory";
        } else if (f instanceof java.nio.file.FileAlreadyExistsException) {
            what = "already exists";
        } else if (f instanceof java.nio.file.DirectoryNotEmptyException) {
            what = "directory not empty";
        } else {
            what = f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        }
        String file = f.getFile() != null ? f.getFile() : f.getMessage();
        return what + ": " + file + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "");
    }

    private static String oneLine(String m) {
        return m == null ? "" : m.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /**
     * 2 for bad input ({@link UsageException}, config errors, and the {@link IllegalArgumentException}s by which
     * readers and option records name a bad value), 1 for a failed run ({@link RunFailedException}: whatever the
     * sampler threw) and for I/O and other errors.
     */
    public static int exitCode(Throwable ex) {
        if (ex instanceof RunFailedException) {
            return 1;
        }
        return ex instanceof IllegalArgumentException || ex instanceof UsageException ? 2 : 1;
    }

    /** A run that started and failed (the sampler or the likelihood threw); exits with code 1. */
    public static final class RunFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RunFailedException(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
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
