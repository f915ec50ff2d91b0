package dev.loyaltykit.examples.postgres;

import dev.loyaltykit.core.spi.SharedCounters;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link SharedCounters} over PostgreSQL (JDBC): a row per counter holding the number of keys
 * reserved, and a row per reserving key.
 *
 * <p>A reservation is one round trip, {@code SELECT lk_reserve(counter, key, limit)} (a PL/pgSQL
 * function, migration V5): it locks the counter's row ({@code SELECT ... FOR UPDATE}), so
 * reservations of one counter take turns while different counters never wait for each other,
 * checks the key and the limit, inserts the key and bumps the count; the row stays locked only
 * while that one statement runs and commits. Without a limit ({@code Long.MAX_VALUE}, as for
 * campaign statistics) the key's primary key alone decides and the row is only bumped. The key's
 * primary key makes a retried reservation harmless.
 *
 * <p>This class is thread-safe; it keeps no state besides the data source.
 */
public final class PostgresSharedCounters implements SharedCounters {
    private static final int MAX_ATTEMPTS = 3;
    private static final int MAX_NAME = 512;

    private final Jdbc jdbc;

    /**
     * Creates counters over a data source whose schema is migrated
     * ({@link PostgresSchema#migrate(DataSource)}).
     *
     * @param dataSource the data source, typically a connection pool
     */
    public PostgresSharedCounters(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, MAX_ATTEMPTS);
    }

    @Override
    public Reservation reserve(String counter, String key, long limit) {
        Objects.requireNonNull(counter, "counter");
        Objects.requireNonNull(key, "key");
        Jdbc.fit("counter", counter, MAX_NAME);
        Jdbc.fit("key", key, MAX_NAME);
        return jdbc.oneRoundTripOrFail("reserve " + counter, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT lk_reserve(?, ?, ?)")) {
                ps.setString(1, counter);
                ps.setString(2, key);
                ps.setLong(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Reservation.valueOf(rs.getString(1));
                }
            }
        });
    }

    @Override
    public void cancel(String counter, String key) {
        Objects.requireNonNull(counter, "counter");
        Objects.requireNonNull(key, "key");
        if (counter.length() > MAX_NAME || key.length() > MAX_NAME) {
            return;   // cannot have been reserved
        }
        jdbc.transactionOrFail("cancel " + counter, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT reserved FROM lk_shared_counter WHERE counter_name = ? FOR UPDATE")) {
                ps.setString(1, counter);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                }
            }
            int deleted;
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM lk_shared_counter_key WHERE counter_name = ? AND holder_key = ?")) {
                ps.setString(1, counter);
                ps.setString(2, key);
                deleted = ps.executeUpdate();
            }
            if (deleted > 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE lk_shared_counter SET reserved = reserved - ? WHERE counter_name = ?")) {
                    ps.setLong(1, deleted);
                    ps.setString(2, counter);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public long count(String counter) {
        Objects.requireNonNull(counter, "counter");
        if (counter.length() > MAX_NAME) {
            return 0;
        }
        return jdbc.read("count " + counter, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT reserved FROM lk_shared_counter WHERE counter_name = ?")) {
                ps.setString(1, counter);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }
}
