package dev.loyaltykit.examples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.loyaltykit.examples.postgres.PostgresSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded PostgreSQL 16 the PostgreSQL benchmarks start for themselves, with fsync,
 * synchronous_commit and full_page_writes off (as in the tests: round trips and CPU are
 * measured, not the disk), a pool of 16 connections and our schema migrated.
 */
final class BenchDatabase implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final HikariDataSource pool;

    private BenchDatabase(EmbeddedPostgres server, HikariDataSource pool) {
        this.server = server;
        this.pool = pool;
    }

    /** Starts the server and the pool and migrates the schema. */
    static BenchDatabase start() {
        return start(false);
    }

    /**
     * Starts the server and the pool and migrates the schema.
     *
     * @param statementStats whether the server keeps {@code pg_stat_statements} (loaded at start,
     *     every statement tracked with its planning, the extension created)
     */
    static BenchDatabase start(boolean statementStats) {
        EmbeddedPostgres server;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "50");
            if (statementStats) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.track", "all")
                        .setServerConfig("pg_stat_statements.track_planning", "on");
            }
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(server.getPostgresDatabase());
        config.setMaximumPoolSize(16);
        HikariDataSource pool = new HikariDataSource(config);
        PostgresSchema.migrate(pool);
        if (statementStats) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION pg_stat_statements");
            } catch (SQLException e) {
                pool.close();
                try {
                    server.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                throw new IllegalStateException("pg_stat_statements is not available", e);
            }
        }
        return new BenchDatabase(server, pool);
    }

    /** The connection pool. */
    HikariDataSource pool() {
        return pool;
    }

    /** Closes the pool and stops the server. */
    @Override
    public void close() throws IOException {
        pool.close();
        server.close();
    }
}
