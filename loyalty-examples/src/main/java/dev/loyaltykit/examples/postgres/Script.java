package dev.loyaltykit.examples.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several SQL statements sent as one: the PostgreSQL JDBC driver splits a multi-statement
 * prepared statement and sends all parts with one sync message, so they cost one round trip
 * instead of one each. Multi-row {@code VALUES} keeps one statement per table however many rows
 * a commit writes (chunked, to stay below the protocol's limit of bind parameters).
 *
 * <p>PostgreSQL JDBC driver specific: another driver would run the statements one by one.
 *
 * <p>Not thread-safe; one per commit.
 */
final class Script {
    /** Rows per multi-row INSERT: 500 rows of up to 12 columns stay far below 32767 parameters. */
    private static final int ROWS_PER_STATEMENT = 500;

    /** Binds one statement's or row's parameters from {@code index} and returns the next index. */
    @FunctionalInterface
    interface Binder {
        int bind(PreparedStatement ps, int index) throws SQLException;
    }

    /** Binds one row of values from {@code index} and returns the next index. */
    @FunctionalInterface
    interface RowBinder<T> {
        int bind(PreparedStatement ps, int index, T row) throws SQLException;
    }

    private final List<String> statements = new ArrayList<>();
    private final List<Binder> binders = new ArrayList<>();
    private String[] selected = new String[0];

    /** Adds a statement; returns its position, whose update count {@link #execute} reports. */
    int add(String sql, Binder binder) {
        statements.add(sql);
        binders.add(binder);
        return statements.size() - 1;
    }

    /**
     * Adds {@code head + " VALUES " + rowSql, rowSql, ... + tail} statements for the rows, in
     * chunks; returns the positions of the statements added.
     */
    <T> List<Integer> addRows(String head, String rowSql, String tail, List<T> rows, RowBinder<T> binder) {
        List<Integer> positions = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder(head.length() + chunk.size() * (rowSql.length() + 2) + tail.length());
            sql.append(head).append(" VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(rowSql);
            }
            sql.append(tail);
            positions.add(add(sql.toString(), (ps, index) -> {
                int next = index;
                for (T row : chunk) {
                    next = binder.bind(ps, next, row);
                }
                return next;
            }));
        }
        return positions;
    }

    boolean isEmpty() {
        return statements.isEmpty();
    }

    /**
     * What the statement at a position selected, after {@link #execute}: the first column of its
     * first row as text (a function's result), or null for a statement that selects nothing.
     */
    String selected(int position) {
        return selected[position];
    }

    /**
     * Runs all statements in one round trip.
     *
     * @return the update count of each statement, in order
     */
    int[] execute(Connection c) throws SQLException {
        if (statements.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement ps = c.prepareStatement(String.join(";\n", statements))) {
            int index = 1;
            for (Binder b : binders) {
                index = b.bind(ps, index);
            }
            int[] counts = new int[statements.size()];
            selected = new String[statements.size()];
            int n = 0;
            boolean resultSet = ps.execute();
            while (true) {
                if (resultSet) {
                    // A SELECT of a function called for its effect (or its error) and its result: no update count.
                    try (ResultSet rs = ps.getResultSet()) {
                        selected[n] = rs.next() ? rs.getString(1) : null;
                    }
                    counts[n++] = -1;
                } else {
                    int count = ps.getUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    counts[n++] = count;
                }
                resultSet = ps.getMoreResults();
            }
            if (n != counts.length) {
                throw new IllegalStateException("expected " + counts.length + " update counts, got " + n);
            }
            return counts;
        }
    }
}
