package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.ledger.AccountRef;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.PurchaseOutcome;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The system totals are striped by member so that commits of different members rarely share a
 * row; a batch adds each account's change to one row (its first member's stripe), not one per
 * member, and the totals still add up to what the members were given.
 */
class SystemTotalStripesTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private final DataSource db = TestDatabase.dataSource();
    private PostgresLedgerStore ledgerStore;
    private LoyaltyProgram program;

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.truncate();
        ledgerStore = new PostgresLedgerStore(db);
        ProgramDefinition definition = ProgramDefinition.builder("stripes", Money.currency("RUB"))
                .zone(ZoneOffset.UTC).pointValue(Money.of("1.00", "RUB")).rule(PercentOfSpend.of("cashback", "10"))
                .build();
        program = LoyaltyProgram.builder(definition).clock(Clock.fixed(T0, ZoneOffset.UTC))
                .memberStore(new PostgresMemberStore(db)).ledgerStore(ledgerStore)
                .sharedCounters(new PostgresSharedCounters(db)).build();
    }

    private static Order order(String id, MemberId buyer, String amount) {
        return Order.builder(OrderId.of(id), buyer, Money.currency("RUB"), T0)
                .line(OrderLine.of("1", "SKU", 1, Money.of(amount, "RUB"), "goods")).build();
    }

    /** Rows of lk_system_total as "type/partner/stripe=total". */
    private List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT account_type, partner_id, stripe, total FROM lk_system_total "
                        + "ORDER BY account_type, partner_id, stripe")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getInt(3) + "=" + rs.getLong(4));
            }
        }
        return rows;
    }

    @Test
    void batchOfMembersInManyStripes_addsToOneRowPerAccount_andTheTotalsAddUp() throws SQLException {
        List<MemberId> members = new ArrayList<>();
        Set<Integer> stripes = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            MemberId m = MemberId.of("m-" + i);
            members.add(m);
            stripes.add(PostgresLedgerStore.stripe(m));
            program.enroll(Member.builder(m, T0).build());
        }
        assertThat(stripes).as("the members fall into several stripes").hasSizeGreaterThan(3);

        List<Order> batch = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            batch.add(order("o-" + i, members.get(i), (100 * (i + 1)) + ".00"));
        }
        long given = 0;
        for (PurchaseOutcome o : program.recordPurchases(batch)) {
            assertThat(o.recorded()).isTrue();
            given += o.result().orElseThrow().points();
        }

        List<String> rows = rows();
        List<AccountRef.SystemAccount> accounts = ledgerStore.systemAccounts();
        assertThat(rows).as("one row per system account: %s", rows).hasSize(accounts.size());
        long sum = 0;
        for (AccountRef.SystemAccount a : accounts) {
            sum += ledgerStore.systemBalance(a);
        }
        assertThat(given).isEqualTo(10 * 55);
        assertThat(sum).as("the system accounts balance the members' points").isEqualTo(-given);
    }

    @Test
    void singlePurchases_addToTheirMembersStripes() throws SQLException {
        MemberId a = MemberId.of("m-0");
        MemberId b = MemberId.of("m-1");
        assertThat(PostgresLedgerStore.stripe(a)).isNotEqualTo(PostgresLedgerStore.stripe(b));
        program.enroll(Member.builder(a, T0).build());
        program.enroll(Member.builder(b, T0).build());

        program.recordPurchase(order("o-a", a, "100.00"));
        program.recordPurchase(order("o-b", b, "200.00"));

        assertThat(rows()).as("one row per stripe used").hasSize(2)
                .anyMatch(r -> r.endsWith("/" + PostgresLedgerStore.stripe(a) + "=-10"))
                .anyMatch(r -> r.endsWith("/" + PostgresLedgerStore.stripe(b) + "=-20"));
    }
}
