package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.Counter;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.spi.MemberLedger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migration V7 moves each member's counters from the rows of {@code lk_counter} into a column of
 * its ledger row: a database written by the store before it reads the same counters after it,
 * and the store goes on from there.
 */
class CountersMigrationTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-07-03T06:30:00Z");

    private static void sql(HikariDataSource db, String statement) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void countersWrittenBeforeV7_readTheSameAfterIt() throws SQLException {
        try (HikariDataSource db = TestDatabase.newDatabase("lk_v6_" + DATABASES.incrementAndGet())) {
            Flyway.configure().dataSource(db).locations("classpath:db/migration").table("lk_schema_history")
                    .target("6").load().migrate();
            // Rows as the store wrote them up to V6: anna with five counters, boris with none.
            sql(db, "INSERT INTO lk_ledger (member_id, version, next_sequence, as_of, debt, lifetime_earned, "
                    + "lifetime_redeemed, lifetime_expired, next_due_at) VALUES "
                    + "('anna', 3, 4, '2026-07-01T00:00:00Z', 0, 0, 0, 0, 'infinity'), "
                    + "('boris', 1, 1, '2026-07-01T00:00:00Z', 0, 0, 0, 0, 'infinity')");
            sql(db, "INSERT INTO lk_counter (member_id, name, value, until) VALUES "
                    + "('anna', 'orders', 3, 'infinity'), "
                    + "('anna', 'spend:2026-07', 1234500, '2026-08-01T00:00:00.123456Z'), "
                    + "('anna', 'cap:r1:day:1969', -7, '1969-12-31T23:59:59.000001Z'), "
                    + "('anna', 'quote \"'' and ünïcødé', 9223372036854775807, '294276-12-31 23:59:59.999999+00'), "
                    + "('anna', 'first', 1, '4713-01-01 00:00:00+00 BC')");

            assertThat(PostgresSchema.migrate(db)).isGreaterThanOrEqualTo(1);

            PostgresLedgerStore store = new PostgresLedgerStore(db, 0);
            MemberLedger anna = store.load(MemberId.of("anna"));
            assertThat(anna.version()).isEqualTo(3);
            assertThat(anna.counters()).containsOnly(
                    Map.entry("orders", new Counter("orders", 3, Instant.MAX)),
                    Map.entry("spend:2026-07", new Counter("spend:2026-07", 1234500,
                            Instant.parse("2026-08-01T00:00:00.123456Z"))),
                    Map.entry("cap:r1:day:1969", new Counter("cap:r1:day:1969", -7,
                            Instant.parse("1969-12-31T23:59:59.000001Z"))),
                    Map.entry("quote \"' and ünïcødé", new Counter("quote \"' and ünïcødé", Long.MAX_VALUE,
                            Instant.parse("+294276-12-31T23:59:59.999999Z"))),
                    Map.entry("first", new Counter("first", 1, Instant.parse("-4712-01-01T00:00:00Z"))));
            assertThat(store.load(MemberId.of("boris")).counters()).isEmpty();
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'lk_counter'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("lk_counter is dropped").isZero();
            }

            // The store goes on from the migrated row: a tally adds to one counter, keeps the others
            // and drops the two whose time has passed.
            PointsLedger ledger = PointsLedger.builder(store).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
            ledger.execute(new LedgerCommand.Tally(OperationKey.of("t-1"), MemberId.of("anna"),
                    List.of(CounterChange.of("orders", 1))));
            MemberLedger after = new PostgresLedgerStore(db, 0).load(MemberId.of("anna"));
            assertThat(after.counters().get("orders").value()).isEqualTo(4);
            assertThat(after.counters()).containsOnlyKeys("orders", "spend:2026-07", "quote \"' and ünïcødé")
                    .containsEntry("spend:2026-07", anna.counters().get("spend:2026-07"));
        }
    }
}
