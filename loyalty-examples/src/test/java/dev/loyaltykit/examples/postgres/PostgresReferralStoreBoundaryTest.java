package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.referral.Referral;
import dev.loyaltykit.core.referral.ReferralStatus;
import dev.loyaltykit.core.spi.ReferralStore.CodeAssignment;
import dev.loyaltykit.core.spi.ReferralStore.ReferralWrite;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Values {@link PostgresReferralStore} cannot hold are the caller's
 * {@link InvalidArgumentException} (never a raw SQLException) and write nothing; values at the
 * edges it can hold read back unchanged.
 */
class PostgresReferralStoreBoundaryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant BEYOND_COLUMN = Instant.parse("+300000-01-01T00:00:00Z");
    private static final MemberId ANNA = MemberId.of("anna");
    private static final MemberId BORIS = MemberId.of("boris");
    /** Two ids that differ only in a lone surrogate; the driver would send both as "x?". */

    private PostgresReferralStore store;

    @BeforeEach
    void setUp() {
        TestDatabase.truncate();
        store = new PostgresReferralStore(TestDatabase.dataSource());
    }

    private void assertNothingWritten() {
        assertThat(store.findCode(ANNA)).isEmpty();
        assertThat(store.findByFriend(BORIS)).isEmpty();
        assertThat(store.listByReferrer(ANNA, Optional.empty(), 10)).isEmpty();
        assertThat(store.listDue(Instant.MAX, Optional.empty(), 10)).isEmpty();
    }

    // ---- codes

    @Test
    void assignCode_codeLongerThanItsColumn_isInvalidArgumentAndWritesNothing() {
        String tooLong = "K".repeat(Referral.MAX_CODE_LENGTH + 1);

        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> store.assignCode(ANNA, tooLong))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("code"))
                .withMessageContaining(String.valueOf(Referral.MAX_CODE_LENGTH));

        assertNothingWritten();
        assertThat(store.findMemberByCode(tooLong)).isEmpty();
        assertThat(store.findMemberByCode(tooLong.substring(1))).isEmpty();
    }

    @Test
    void assignCode_codeAtItsLongest_isStored() {
        String longest = "K".repeat(Referral.MAX_CODE_LENGTH);

        assertThat(store.assignCode(ANNA, longest)).isEqualTo(CodeAssignment.ASSIGNED);

        assertThat(store.findCode(ANNA)).contains(longest);
        assertThat(store.findMemberByCode(longest)).contains(ANNA);
    }

    @Test
    void assignCode_nulCharacter_isInvalidArgumentAndWritesNothing() {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> store.assignCode(ANNA, "K7\u0000M3"))
                .withMessageContaining("SQLSTATE 22");

        assertNothingWritten();
        assertThat(store.assignCode(ANNA, "K7M3")).isEqualTo(CodeAssignment.ASSIGNED);
    }

    @Test
    void assignCode_loneSurrogateInCode_isInvalidArgumentAndWritesNothing() {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> store.assignCode(ANNA, "K7\uD800"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("code"));

        assertNothingWritten();
        assertThat(store.findMemberByCode("K7?")).isEmpty();
        assertThat(store.findMemberByCode("K7\uD800")).isEmpty();
    }

    @Test
    void insert_idsAndCodeAtTheirLongest_areStoredAndListed() {
        MemberId friend = MemberId.of("f".repeat(128));
        // 128 UTF-16 units, 127 characters to PostgreSQL: a surrogate pair is one character there.
        MemberId referrer = MemberId.of("r".repeat(126) + "\uD83D\uDE00");
        Referral r = Referral.pending(friend, referrer, "C".repeat(Referral.MAX_CODE_LENGTH), T0);

        assertThat(store.insert(r)).isEqualTo(ReferralWrite.WRITTEN);
        Referral q = r.withVersion(1).qualified(OrderId.of("o".repeat(128)), T0.plusSeconds(60), T0.plusSeconds(1));
        assertThat(store.update(q)).isEqualTo(ReferralWrite.WRITTEN);

        assertThat(store.findByFriend(friend)).contains(q.withVersion(2));
        assertThat(store.listByReferrer(referrer, Optional.empty(), 10)).containsExactly(q.withVersion(2));
        assertThat(store.listDue(T0.plusSeconds(60), Optional.empty(), 10)).containsExactly(q.withVersion(2));
    }

    /** Ids with an unpaired surrogate (which the driver would store as '?') cannot be made at all. */
    @Test
    void idsWithALoneSurrogate_cannotBeMade() {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> MemberId.of("x\uD800"))
                .withMessageContaining("surrogate");
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> MemberId.of("x\uDC00y"))
                .withMessageContaining("surrogate");
    }

    @Test
    void idsLongerThanTheirColumns_cannotBeMade() {
        // The columns are as wide as the domain types: what does not fit is refused before any store sees it.
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> MemberId.of("f".repeat(129)));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> OrderId.of("o".repeat(129)));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Referral.pending(BORIS, ANNA, "C".repeat(Referral.MAX_CODE_LENGTH + 1), T0));
    }

    @Test
    void insert_instantBeyondTheColumnsRange_isInvalidArgumentAndWritesNothing() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> store.insert(Referral.pending(BORIS, ANNA, "K7M3", BEYOND_COLUMN)))
                // linkedAt and changedAt are both that instant: either may be named.
                .satisfies(e -> assertThat(e.argument()).isIn("linkedAt", "changedAt"));

        assertNothingWritten();
    }

    @Test
    void update_instantBeyondTheColumnsRange_isInvalidArgumentAndWritesNothing() {
        store.insert(Referral.pending(BORIS, ANNA, "K7M3", T0));
        Referral stored = store.findByFriend(BORIS).orElseThrow();

        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> store.update(stored.qualified(OrderId.of("o-1"), BEYOND_COLUMN, T0)))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("maturesAt"));

        assertThat(store.findByFriend(BORIS)).contains(stored);
        assertThat(store.listDue(Instant.MAX, Optional.empty(), 10)).isEmpty();
    }

    @Test
    void update_changedLink_isRefusedAndWritesNothing() {
        store.insert(Referral.pending(BORIS, ANNA, "K7M3", T0));
        Referral stored = store.findByFriend(BORIS).orElseThrow();
        Referral relinked = new Referral(BORIS, MemberId.of("clara"), "K7M3", T0, ReferralStatus.PENDING,
                Optional.empty(), Optional.empty(), Optional.empty(), T0, stored.version());

        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> store.update(relinked))
                .withMessageContaining("permanent");

        assertThat(store.findByFriend(BORIS)).contains(stored);
    }

    @Test
    void listings_badLimit_isInvalidArgument() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> store.listByReferrer(ANNA, Optional.empty(), 0))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("limit"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> store.listDue(T0, Optional.empty(), -1))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("limit"));
    }
}
