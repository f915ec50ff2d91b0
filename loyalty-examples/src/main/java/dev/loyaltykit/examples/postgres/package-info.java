/**
 * A PostgreSQL (JDBC) implementation of the storage SPI that a host can adopt or copy:
 * {@link dev.loyaltykit.examples.postgres.PostgresLedgerStore},
 * {@link dev.loyaltykit.examples.postgres.PostgresMemberStore} and
 * {@link dev.loyaltykit.examples.postgres.PostgresSharedCounters}, over any
 * {@link javax.sql.DataSource}, with the schema in Flyway migrations
 * ({@link dev.loyaltykit.examples.postgres.PostgresSchema}). Several application instances may
 * share one database: every write is one transaction guarded by an optimistic version or a
 * unique key, and system-account totals are striped rather than one contended row.
 *
 * <p>Null arguments are rejected with {@link NullPointerException}.
 */
package dev.loyaltykit.examples.postgres;
