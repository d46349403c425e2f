package io.velostream.app.cli;

import ch.qos.logback.classic.Level;
import io.velostream.app.service.VelostreamService;
import ch.qos.logback.classic.Logger;
import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.ApplicationRunner;
import io.velostream.engine.app.CompiledApplication;
import io.velostream.engine.app.JobPlan;
import io.velostream.engine.app.PreparedApplication;
import io.velostream.engine.job.JobFailedException;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.SqlException;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The command line: {@code run app.sql} runs every statement of an application until its
 * bounded inputs end; {@code validate app.sql} checks it without running ({@code --explain}: and
 * prints each job's plan on stdout). Exit codes: 0 done,
 * 1 the application is wrong or a job failed, 2 the command line is wrong. Errors are one clear
 * line each (SQL errors with line, column and a caret); stack traces only with {@code --debug}.
 */
public final class VelostreamCli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: velostream <command> [--debug] [--explain] [--bootstrap-servers host:port] <app.sql>
              serve [--key=value]  run the service: velostream.sql against spring.kafka.*, actuator on :8080;
                                   with no Kafka configured, an embedded broker and a demo
              run <app.sql>        run every statement of the application until its inputs end
              validate <app.sql>   check the application without running it
              --explain            validate: print each job's operators, state and topics
              --bootstrap-servers  the Kafka brokers of endpoints whose WITH does not name them
              --debug              log details and show stack traces""";

    private static final long SHUTDOWN_WAIT_SECONDS = 30;
    private final PrintStream out;
    private final PrintStream err;
    private boolean debug;
    private boolean explain;
    /** Job keys given on the command line: the lowest precedence after built-in defaults (docs/sql.md#sources-and-sinks-with). */
    private final Map<String, String> defaults = new HashMap<>();

    /** @param out where data goes (the plan of {@code --explain}); @param err everything said about the run */
    VelostreamCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("serve")) {
            // The service runs until it is stopped; Spring Boot handles its arguments and exit.
            VelostreamService.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(new VelostreamCli(System.out, System.err).execute(args));
    }

    int execute(String[] args) {
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--debug")) {
                debug = true;
            } else if (a.equals("--explain")) {
                explain = true;
            } else if (a.equals("--bootstrap-servers") || a.startsWith("--bootstrap-servers=")) {
                String servers = a.contains("=") ? a.substring(a.indexOf('=') + 1) : ++i < args.length ? args[i] : "";
                if (servers.isBlank()) {
                    return usage("--bootstrap-servers needs host:port");
                }
                defaults.put("bootstrap.servers", servers);
            } else if (a.equals("--help") || a.equals("-h")) {
                err.println(USAGE_TEXT);
                return OK;
            } else if (a.startsWith("--")) {
                return usage("unknown option " + a);
            } else {
                positional.add(a);
            }
        }
        if (debug) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.DEBUG);
        }
        if (positional.size() != 2) {
            return usage(positional.isEmpty() ? "missing command" : "expected a command and one .sql file");
        }
        String command = positional.get(0);
        if (explain && !command.equals("validate")) {
            return usage("--explain goes with validate");
        }
        Path file = Path.of(positional.get(1)).toAbsolutePath().normalize();
        return switch (command) {
            case "run" -> run(file);
            case "validate" -> validate(file);
            default -> usage("unknown command '" + command + "'");
        };
    }

    private int usage(String problem) {
        err.println("error: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }

    private int validate(Path file) {
        try {
            CompiledApplication app = ApplicationCompiler.withBuiltins().check(readSql(file), options(file));
            printWarnings(app.warnings());
            if (explain) {
                app.explain().forEach(this::printPlan);
            }
            int n = app.statementCount();
            err.println(file.getFileName() + ": ok (" + n + " statement" + (n == 1 ? "" : "s") + ")");
            return OK;
        } catch (CliFailure f) {
            return f.exitCode;
        } catch (SqlException e) {
            return sqlErrors(e);
        }
    }

    private int run(Path file) {
        try {
            PreparedApplication app = ApplicationCompiler.withBuiltins().prepare(readSql(file), options(file));
            printWarnings(app.warnings());
            Map<String, JobMetrics> results = runStoppingOnShutdown(app);
            results.forEach((name, m) -> err.println("job " + name + ": " + m.recordsIn() + " records in, "
                    + m.recordsOut() + " out"
                    + (m.recordErrors() > 0 ? ", " + m.recordErrors() + " skipped (errors above)" : "")
                    + (m.lateRecords() > 0 ? ", " + m.lateRecords() + " late (dropped)" : "")));
            return OK;
        } catch (CliFailure f) {
            return f.exitCode;
        } catch (SqlException e) {
            return sqlErrors(e);
        } catch (JobFailedException e) {
            return fail(e.getMessage(), e);
        } catch (RuntimeException e) {
            return fail("unexpected error: " + e, e);
        }
    }

    /** Runs the jobs; on SIGTERM or Ctrl-C the running job finishes (commits) its batch in hand before the JVM exits. */
    private static Map<String, JobMetrics> runStoppingOnShutdown(PreparedApplication app) {
        ApplicationRunner runner = new ApplicationRunner();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runner.stop();
            try {
                finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "velostream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runner.runAll(app);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the run has finished
            }
        }
    }

    /** One job's plan, a block of labelled lines (docs/cli.md#validate). */
    private void printPlan(JobPlan plan) {
        out.println("job " + plan.name() + " (" + plan.mode() + ", " + plan.failureStrategy() + ")");
        out.println("  sources:        " + String.join(", ", plan.sources()));
        out.println("  sink:           " + plan.sink());
        plan.operators().forEach(o -> out.println("  operators:      " + o));
        out.println("  state:          " + (plan.stateStores().isEmpty() ? "none" : String.join(", ", plan.stateStores())));
        out.println("  scaling:        " + plan.scaling());
        out.println("  topics read:    " + orNone(plan.topicsRead()));
        out.println("  topics written: " + orNone(plan.topicsWritten()));
        out.println("  topics created: " + orNone(plan.topicsCreated()));
    }

    private static String orNone(List<String> topics) {
        return topics.isEmpty() ? "-" : String.join(", ", topics);
    }

    private ApplicationCompiler.Options options(Path file) {
        return new ApplicationCompiler.Options(file.getParent(), file.getFileName().toString(), Map.copyOf(defaults));
    }

    private String readSql(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliFailure(fail("no such file: " + file, e));
        } catch (IOException e) {
            throw new CliFailure(fail("cannot read " + file + ": " + e.getMessage(), e));
        }
    }

    private void printWarnings(List<SqlError> warnings) {
        for (SqlError w : warnings) {
            err.println("warning: " + w.format());
        }
    }

    private int sqlErrors(SqlException e) {
        for (SqlError error : e.errors()) {
            err.println("error: " + error.format());
        }
        if (debug) {
            e.printStackTrace(err);
        }
        return FAILED;
    }

    private int fail(String message, Throwable cause) {
        err.println("error: " + message);
        if (debug) {
            cause.printStackTrace(err);
        }
        return FAILED;
    }

    /** Unwinds to the command with its exit code once the problem has been printed. */
    private static final class CliFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        CliFailure(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }
}
