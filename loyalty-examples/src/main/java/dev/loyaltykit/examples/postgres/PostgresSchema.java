package dev.loyaltykit.examples.postgres;

import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and upgrades the PostgreSQL stores' tables with Flyway, from the migrations in
 * {@code classpath:db/migration} (tables prefixed {@code lk_}).
 *
 * <p>This class is thread-safe (Flyway locks the schema history table).
 */
public final class PostgresSchema {
    private PostgresSchema() {
    }

    /**
     * Applies the migrations not yet applied to the data source's default schema.
     *
     * @param dataSource the database
     * @return the number of migrations applied now
     */
    public static int migrate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table("lk_schema_history")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
