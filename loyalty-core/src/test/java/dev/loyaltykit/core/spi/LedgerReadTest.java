package dev.loyaltykit.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.ledger.OperationKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The read values: which keys a read asked about, and whose ledger goes with which member. */
class LedgerReadTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");
    static final OperationKey K1 = OperationKey.of("o-1");
    static final OperationKey K2 = OperationKey.of("o-2");

    /** A real record of a credit under {@code key}, as a store keeps it. */
    static OperationRecord record(OperationKey key) {
        InMemoryLedgerStore store = new InMemoryLedgerStore();
        PointsLedger.builder(store).clock(Clock.fixed(T0, ZoneOffset.UTC)).build()
                .credit(LedgerCommand.Credit.of(key, ANNA, 5));
        return store.findOperation(ANNA, key).orElseThrow();
    }

    @Test
    void keys_nameTheKeysAskedAboutFoundOrNot() {
        OperationRecord first = record(K1);
        LedgerRead read = new LedgerRead(MemberLedger.empty(ANNA), Map.of(K1, first), Set.of(K1, K2));

        assertThat(read.keys()).containsExactlyInAnyOrder(K1, K2);
        assertThat(read.operation(K1)).contains(first);
        assertThat(read.operation(K2)).isEmpty();
    }

    @Test
    void twoArgumentRead_namesOnlyTheKeysWithRecords() {
        assertThat(new LedgerRead(MemberLedger.empty(ANNA), Map.of(K1, record(K1))).keys()).containsExactly(K1);
        assertThat(new LedgerRead(MemberLedger.empty(ANNA), Map.of()).keys()).isEmpty();
    }

    @Test
    void recordOfAKeyNotAskedAbout_isRefused() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new LedgerRead(MemberLedger.empty(ANNA), Map.of(K1, record(K1)), Set.of(K2)))
                .withMessageContaining("o-1").withMessageContaining("not among the keys asked about");
    }

    @Test
    void memberWithAnotherMembersLedger_isRefused() {
        Member boris = Member.builder(MemberId.of("boris"), T0).build();
        LedgerRead annas = new LedgerRead(MemberLedger.empty(ANNA), Map.of(), Set.of());

        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new MemberWithLedger(boris, annas))
                .withMessageContaining("ledger of member anna, not of member boris");
        assertThat(new MemberWithLedger(Member.builder(ANNA, T0).build(), annas).ledger()).isEqualTo(annas);
    }
}
