package org.dlvm.shell;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.dlvm.api.DlvmException;

/**
 * Turns every {@link DlvmException} into one "Error: ..." line: these are operator mistakes
 * (unknown name, dpv still in use) or known conditions, and a stack trace would bury the
 * message the service wrote for the operator.
 */
abstract class DlvmAction implements Action {
    /** Null in Karaf, where System.out/err are the session's streams at execute time; set by tests. */
    PrintStream out;
    PrintStream err;

    @Override
    public final Object execute() {
        PrintStream o = out != null ? out : System.out;
        PrintStream e = err != null ? err : System.err;
        String outcome = "ok";
        try {
            run(o, e);
        } catch (DlvmException ex) {
            String message = ex.getMessage() != null ? ex.getMessage() : ex.code();
            outcome = "error: " + message;
            e.println("Error: " + message);
        } catch (RuntimeException ex) {
            outcome = "error: " + ex;
            throw ex;
        } finally {
            finished(outcome);
        }
        return null;
    }

    abstract void run(PrintStream out, PrintStream err);

    /** How the command ended: "ok" or "error: ..."; commands that change something audit it. */
    void finished(String outcome) {
    }

    /**
     * The controller services are optional references so that the commands stay visible on
     * dpv and ihost nodes and say where to run them, instead of disappearing as "command not found".
     */
    static <S> S require(S service, String serviceName) {
        if (service == null) {
            throw new DlvmException(DlvmException.Kind.UNAVAILABLE, "not_controller", "this node is not a controller (no "
                    + serviceName + " service); run the command on the controller");
        }
        return service;
    }
}
