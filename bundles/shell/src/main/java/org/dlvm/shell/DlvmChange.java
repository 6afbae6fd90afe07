package org.dlvm.shell;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.ShellUtil;
import org.dlvm.api.AuditRecord;
import org.dlvm.api.Requester;
import org.slf4j.LoggerFactory;

/**
 * A command that changes something: it is written to the audit log with the session's user and
 * how it ended, and the operations it starts record that user as their requester.
 */
abstract class DlvmChange extends DlvmAction {
    /** Null in Karaf (the session's JAAS user and the audit logger); set by tests. */
    String user;
    Consumer<AuditRecord> audit;

    final Requester requester() {
        return new Requester(user());
    }

    private String user() {
        if (user != null) {
            return user;
        }
        String current = ShellUtil.getCurrentUserName();
        return current != null ? current : "shell";
    }

    @Override
    final void finished(String outcome) {
        AuditRecord record = new AuditRecord(user(), "shell", commandLine(this), outcome);
        if (audit != null) {
            audit.accept(record);
        } else {
            LoggerFactory.getLogger(AuditRecord.LOGGER).info(record.line());
        }
    }

    /** {@code dlvm:dlv-create vol1 1G dvg1 --stripes 2}: the arguments, then every option that has a value. */
    static String commandLine(Object action) {
        Command command = action.getClass().getAnnotation(Command.class);
        StringBuilder line = new StringBuilder(command.scope()).append(':').append(command.name());
        List<Field> arguments = new ArrayList<>();
        List<Field> options = new ArrayList<>();
        for (Class<?> c = action.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Argument.class)) {
                    arguments.add(f);
                } else if (f.isAnnotationPresent(Option.class)) {
                    options.add(f);
                }
            }
        }
        arguments.sort(Comparator.comparingInt(f -> f.getAnnotation(Argument.class).index()));
        options.sort(Comparator.comparing(f -> f.getAnnotation(Option.class).name()));
        for (Field f : arguments) {
            Object value = value(f, action);
            if (value != null) {
                line.append(' ').append(value);
            }
        }
        for (Field f : options) {
            Object value = value(f, action);
            if (value != null && !Boolean.FALSE.equals(value)) {
                line.append(' ').append(f.getAnnotation(Option.class).name());
                if (!(value instanceof Boolean)) {
                    line.append(' ').append(value);
                }
            }
        }
        return line.toString();
    }

    private static Object value(Field f, Object action) {
        try {
            f.setAccessible(true);
            return f.get(action);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "?";
        }
    }
}
