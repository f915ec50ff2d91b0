package dev.loyaltykit.examples.postgres;

import dev.loyaltykit.core.InvalidArgumentException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Transactions and value mapping shared by the PostgreSQL stores: runs work in a transaction
 * with bounded retries of serialization failures and deadlocks, and turns SQLExceptions into the
 * library's exceptions (bad data) or {@link StoreUnavailableException} (infrastructure).
 */
final class Jdbc {
    /** Serialization failure and deadlock: the transaction was rolled back and may be retried. */
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK = "40P01";
    /** Class 23: integrity constraint violation (23505 unique, 23503 foreign key). */
    static final String UNIQUE_VIOLATION = "23505";

    /** The earliest and latest instants a TIMESTAMP WITH TIME ZONE holds (4713 BC, 294276 AD). */
    private static final Instant MIN_TIMESTAMP = Instant.parse("-4712-01-01T00:00:00Z");
    private static final Instant MAX_TIMESTAMP = Instant.parse("+294276-12-31T23:59:59.999999Z");

    private final DataSource dataSource;
    private final int maxAttempts;

    Jdbc(DataSource dataSource, int maxAttempts) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.maxAttempts = maxAttempts;
    }

    /** Whether both run their work on the same data source (and so on the same database). */
    boolean sameDataSource(Jdbc other) {
        return dataSource == other.dataSource;
    }

    /** Work done on a connection; may throw SQLException or any unchecked exception. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Thrown out of {@link #transaction} when every attempt failed on serialization or deadlock. */
    static final class RetriesExhausted extends Exception {
        private static final long serialVersionUID = 1L;

        RetriesExhausted(SQLException last) {
            super(last);
        }
    }

    /**
     * Runs work in one transaction and commits it; rolls back on any exception. Serialization
     * failures and deadlocks are retried up to the attempt limit, then reported as
     * {@link RetriesExhausted}, so a caller can turn them into a version conflict.
     */
    <T> T transaction(String what, Work<T> work) throws RetriesExhausted {
        SQLException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try (Connection c = connection(what)) {
                boolean committing = false;
                try {
                    c.setAutoCommit(false);
                    T result = work.run(c);
                    committing = true;
                    c.commit();
                    return result;
                } catch (SQLException e) {
                    rollbackQuietly(c, e);
                    if (isRetryable(e)) {
                        last = e;
                        continue;
                    }
                    throw translate(what, e, committing);
                } catch (RuntimeException | Error e) {
                    rollbackQuietly(c, e);
                    throw e;
                } finally {
                    restoreAutoCommit(c);
                }
            } catch (SQLException closeFailure) {
                throw translate(what, closeFailure, false);
            }
        }
        throw new RetriesExhausted(last);
    }

    /**
     * Runs work that sends all its statements in one round trip, in auto-commit mode: PostgreSQL
     * runs the statements of one round trip (up to its Sync) as one implicit transaction, so they
     * commit together or, on the first error, not at all, without a separate COMMIT round trip.
     * Serialization failures and deadlocks are retried as in {@link #transaction}. A connection
     * that breaks during the round trip leaves the outcome unknown.
     */
    <T> T oneRoundTrip(String what, Work<T> work) throws RetriesExhausted {
        SQLException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try (Connection c = connection(what)) {
                // A pool may hand out connections with auto-commit off: the round trip would then
                // run in a transaction nobody commits. Switch it on for the work (no transaction is
                // open on a connection just taken from the pool) and back afterwards.
                boolean autoCommit = c.getAutoCommit();
                if (!autoCommit) {
                    c.setAutoCommit(true);
                }
                try {
                    return work.run(c);
                } catch (SQLException e) {
                    if (isRetryable(e)) {
                        last = e;
                        continue;
                    }
                    throw e;
                } finally {
                    if (!autoCommit) {
                        autoCommitOff(c);
                    }
                }
            } catch (SQLException e) {
                String state = sqlState(e);
                // An error the server reported rolled the implicit transaction back; without one
                // (an I/O failure) the server may have committed before the connection broke.
                throw translate(what, e, state == null || state.startsWith("08"));
            }
        }
        throw new RetriesExhausted(last);
    }

    /** As {@link #transaction}, reporting exhausted retries as {@link StoreUnavailableException}. */
    <T> T transactionOrFail(String what, Work<T> work) {
        try {
            return transaction(what, work);
        } catch (RetriesExhausted e) {
            throw exhausted(what, e);
        }
    }

    /** As {@link #oneRoundTrip}, reporting exhausted retries as {@link StoreUnavailableException}. */
    <T> T oneRoundTripOrFail(String what, Work<T> work) {
        try {
            return oneRoundTrip(what, work);
        } catch (RetriesExhausted e) {
            throw exhausted(what, e);
        }
    }

    private StoreUnavailableException exhausted(String what, RetriesExhausted e) {
        SQLException cause = (SQLException) e.getCause();
        return new StoreUnavailableException(what + " failed on each of " + maxAttempts
                + " attempts with a serialization failure or deadlock", cause.getSQLState(), false, cause);
    }

    /**
     * Runs one read in auto-commit mode (one statement: one snapshot). A serialization failure
     * (as a hot standby reports a conflict with recovery) or deadlock is retried like a write.
     */
    <T> T read(String what, Work<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try (Connection c = connection(what)) {
                return work.run(c);
            } catch (SQLException e) {
                if (!isRetryable(e)) {
                    throw translate(what, e, false);
                }
                last = e;
            }
        }
        throw new StoreUnavailableException(what + " failed on each of " + maxAttempts
                + " attempts with a serialization failure or deadlock", last.getSQLState(), false, last);
    }

    private Connection connection(String what) {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreUnavailableException(what + ": no database connection", e.getSQLState(), false, e);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void autoCommitOff(Connection c) {
        try {
            c.setAutoCommit(false);
        } catch (SQLException ignored) {
            // A broken connection: the pool discards it.
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // A broken connection: the pool discards it.
        }
    }

    static boolean isRetryable(SQLException e) {
        String state = sqlState(e);
        return SERIALIZATION_FAILURE.equals(state) || DEADLOCK.equals(state);
    }

    /** The first SQLSTATE in the exception and its chain (batch failures put it on the next one). */
    static String sqlState(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(sqlState(e));
    }

    /**
     * Class 22 (data exception: a value too long, out of range, a character the encoding cannot
     * hold) is bad input and becomes an {@link InvalidArgumentException}; everything else is the
     * infrastructure's.
     */
    static RuntimeException translate(String what, SQLException e, boolean committing) {
        String state = sqlState(e);
        if (state != null && state.startsWith("22")) {
            return new InvalidArgumentException(what, "the database rejected a value (SQLSTATE " + state + "): "
                    + firstLine(e.getMessage()));
        }
        return new StoreUnavailableException(what + " failed: " + firstLine(e.getMessage()), state, committing, e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    // ---- values -----------------------------------------------------------------------------------

    /**
     * Checks that a string fits its column and survives the trip unchanged, naming the argument if
     * not: the driver encodes text as UTF-8 and replaces an unpaired surrogate with {@code '?'},
     * so two different values could be stored as one.
     */
    static String fit(String argument, String value, int max) {
        if (value.length() > max) {
            throw new InvalidArgumentException(argument, "at most " + max + " characters can be stored, but was "
                    + value.length());
        }
        if (!storable(value)) {
            throw new InvalidArgumentException(argument, "must not contain an unpaired surrogate character, "
                    + "which the database cannot store unchanged");
        }
        return value;
    }

    /** Whether a string has no unpaired surrogate, so the database stores it unchanged. */
    static boolean storable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Binds an instant that only orders or filters rows (a due time), widened to the column's
     * range: beyond it, {@code infinity} or {@code -infinity} order the same way, and the values
     * that decide what is written are checked where they are bound.
     */
    static void setBound(PreparedStatement ps, int index, Instant at) throws SQLException {
        setInstant(ps, index, "bound", at.isAfter(MAX_TIMESTAMP) ? Instant.MAX
                : at.isBefore(MIN_TIMESTAMP) ? Instant.MIN : at);
    }

    /**
     * Checks that an instant fits a TIMESTAMP WITH TIME ZONE column: within its range, or
     * {@link Instant#MAX} / {@link Instant#MIN} (stored as 'infinity' / '-infinity').
     *
     * @throws InvalidArgumentException if it does not
     */
    static void checkStorable(String argument, Instant at) {
        if (!at.equals(Instant.MAX) && !at.equals(Instant.MIN) && (at.isBefore(MIN_TIMESTAMP) || at.isAfter(MAX_TIMESTAMP))) {
            throw new InvalidArgumentException(argument, "must be between " + MIN_TIMESTAMP + " and "
                    + MAX_TIMESTAMP + " (or Instant.MAX) to be stored, but was " + at);
        }
    }

    /**
     * Binds an instant as TIMESTAMP WITH TIME ZONE: {@link Instant#MAX} and {@link Instant#MIN} as
     * 'infinity' and '-infinity', other instants to the microsecond (PostgreSQL keeps no more).
     *
     * @throws InvalidArgumentException if the instant is outside what the column can hold
     */
    static void setInstant(PreparedStatement ps, int index, String argument, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else if (at.equals(Instant.MAX)) {
            ps.setObject(index, OffsetDateTime.MAX);
        } else if (at.equals(Instant.MIN)) {
            ps.setObject(index, OffsetDateTime.MIN);
        } else {
            checkStorable(argument, at);
            ps.setObject(index, OffsetDateTime.ofInstant(asStored(at), ZoneOffset.UTC));
        }
    }

    /**
     * An instant as {@link #setInstant} stores it and {@link #getInstant} reads it back: cut to
     * the microsecond (PostgreSQL's precision); {@link Instant#MAX} and {@link Instant#MIN} as they are.
     */
    static Instant asStored(Instant at) {
        return at.equals(Instant.MAX) || at.equals(Instant.MIN) ? at : at.truncatedTo(ChronoUnit.MICROS);
    }

    /** Reads an instant written by {@link #setInstant}; {@code null} for SQL NULL. */
    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return toInstant(t);
    }

    /** Reads an instant by column index. */
    static Instant getInstant(ResultSet rs, int column) throws SQLException {
        return toInstant(rs.getObject(column, OffsetDateTime.class));
    }

    private static Instant toInstant(OffsetDateTime t) {
        if (t == null) {
            return null;
        }
        if (t.equals(OffsetDateTime.MAX)) {
            return Instant.MAX;
        }
        if (t.equals(OffsetDateTime.MIN)) {
            return Instant.MIN;
        }
        return t.toInstant();
    }

    /** Reads a BIGINT that is never NULL. */
    static long getLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        if (rs.wasNull()) {
            throw new IllegalStateException("column " + column + " is NULL");
        }
        return v;
    }
}
