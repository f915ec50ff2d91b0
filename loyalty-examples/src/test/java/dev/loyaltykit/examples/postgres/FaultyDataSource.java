package dev.loyaltykit.examples.postgres;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A data source that fails one chosen step of the JDBC conversation: the n-th statement
 * execution or commit after {@link #failAt} was armed. Counting every {@code execute*} call and
 * every {@code commit()} lets a test walk a failure through each step an operation takes.
 *
 * <p>Not thread-safe: one operation at a time.
 */
final class FaultyDataSource {
    /** How the chosen step fails. */
    enum Fault {
        /** The connection breaks before the step reaches the server (SQLSTATE 08006). */
        BROKEN_BEFORE,
        /** The step runs on the server, then the connection breaks before the answer arrives (08006). */
        BROKEN_AFTER,
        /** The server reports a serialization failure (40001) instead of running the step. */
        SERIALIZATION_FAILURE
    }

    private final DataSource target;
    private int steps;
    private int failAt = Integer.MAX_VALUE;
    private Fault fault = Fault.BROKEN_BEFORE;
    private boolean fired;

    FaultyDataSource(DataSource target) {
        this.target = target;
    }

    /** Fails the {@code step}-th step from now (1 for the next) in the given way, once. */
    void failAt(int step, Fault how) {
        steps = 0;
        failAt = step;
        fault = how;
        fired = false;
    }

    /** Counts steps from now without failing. */
    void countOnly() {
        failAt(Integer.MAX_VALUE, Fault.BROKEN_BEFORE);
    }

    int steps() {
        return steps;
    }

    boolean fired() {
        return fired;
    }

    DataSource dataSource() {
        return proxy(DataSource.class, (p, m, args) -> {
            Object result = invoke(target, m, args);
            return result instanceof Connection c ? proxy(Connection.class, connectionHandler(c)) : result;
        });
    }

    private InvocationHandler connectionHandler(Connection c) {
        return (p, m, args) -> {
            if (m.getName().equals("commit")) {
                return step(() -> invoke(c, m, args));
            }
            Object result = invoke(c, m, args);
            if (result instanceof Statement s) {
                @SuppressWarnings("unchecked")
                Class<Statement> type = (Class<Statement>) m.getReturnType();
                return proxy(type, (sp, sm, sargs) -> sm.getName().startsWith("execute")
                        ? step(() -> invoke(s, sm, sargs))
                        : invoke(s, sm, sargs));
            }
            return result;
        };
    }

    @FunctionalInterface
    private interface Call {
        Object call() throws Throwable;
    }

    private Object step(Call call) throws Throwable {
        steps++;
        if (steps != failAt || fired) {
            return call.call();
        }
        fired = true;
        switch (fault) {
            case BROKEN_BEFORE:
                throw new SQLException("injected: connection broken", "08006");
            case BROKEN_AFTER:
                call.call();
                throw new SQLException("injected: connection broken after the step ran", "08006");
            case SERIALIZATION_FAILURE:
                throw new SQLException("injected: could not serialize access", "40001");
            default:
                throw new AssertionError(fault);
        }
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }
}
