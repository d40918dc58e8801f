package r1j.eval.grading;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.eval.ExprEvaluator;

/**
 * Asks the Symja CAS whether two expressions are equal: their difference simplifies to zero, or evaluates numerically
 * to within the tolerance. Symja's evaluator is not thread-safe and its first use loads its rule base (about a
 * second), so all questions go through one worker thread, each under a time limit that starts once the worker's
 * evaluator is ready. A question that overruns gives up that worker (Symja may not notice the interrupt) and the next
 * question gets a fresh one.
 */
final class SymbolicEquivalence implements AutoCloseable {
    static {
        // Symja logs through Log4j's API; without this it prints a "no logging implementation" error on first use.
        if (System.getProperty("log4j2.loggerContextFactory") == null) {
            System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
    }

    /** {@link NumericValue#RELATIVE_TOLERANCE} in Symja syntax (it would read "1.0E-6" as 1.0 times Euler's e minus 6). */
    private static final String TOLERANCE = "(1/" + Math.round(1 / NumericValue.RELATIVE_TOLERANCE) + ")";

    enum Outcome { EQUAL, DIFFERENT, TIMEOUT }

    private final Duration limit;
    private ExecutorService worker;
    private Future<?> ready;
    private final ThreadLocal<ExprEvaluator> evaluator = ThreadLocal.withInitial(SymbolicEquivalence::quietEvaluator);

    SymbolicEquivalence(Duration limit) {
        this.limit = limit;
        startWorker();
    }

    /** A new worker, already loading its evaluator so that the load does not count against the first question. */
    private void startWorker() {
        worker = newWorker();
        ready = worker.submit(() -> evaluator.get().eval("1+1"));
    }

    synchronized Outcome compare(String a, String b) {
        long seconds = Math.max(1, limit.toSeconds());
        String difference = "(" + a + ")-(" + b + ")";
        String question = "TimeConstrained(If(PossibleZeroQ(Simplify(" + difference + ")),True,Abs(N(" + difference
                + "))<=" + TOLERANCE + "*Max(1,Abs(N(" + a + ")))),"
                + seconds + ",$Aborted)";
        try {
            ready.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the Symja CAS did not start: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.TIMEOUT;
        }
        Future<String> answer = worker.submit(() -> evaluator.get().eval(question).toString());
        try {
            String result = answer.get(limit.toMillis() + 500, TimeUnit.MILLISECONDS);
            if (result.equals("$Aborted")) return Outcome.TIMEOUT;
            return result.equals("True") ? Outcome.EQUAL : Outcome.DIFFERENT;
        } catch (TimeoutException e) {
            answer.cancel(true);
            worker.shutdownNow();
            startWorker();
            return Outcome.TIMEOUT;
        } catch (ExecutionException e) {
            // A broken installation must not pass as "different answers" and quietly lower every score.
            if (e.getCause() instanceof LinkageError error) throw new IllegalStateException("the Symja CAS failed: " + error, error);
            return Outcome.DIFFERENT; // Symja refused the input: not an expression it can compare
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.TIMEOUT;
        }
    }

    /** An evaluator that prints nothing: Symja reports some conditions (a time limit hit) on its output stream. */
    private static ExprEvaluator quietEvaluator() {
        ExprEvaluator evaluator = new ExprEvaluator();
        EvalEngine engine = evaluator.getEvalEngine();
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        engine.setOutPrintStream(nowhere);
        engine.setErrorPrintStream(nowhere);
        engine.setQuietMode(true);
        return evaluator;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "symja");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized void close() {
        worker.shutdownNow();
    }
}
