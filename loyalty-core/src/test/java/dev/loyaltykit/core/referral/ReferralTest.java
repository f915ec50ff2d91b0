package dev.loyaltykit.core.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.OrderId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReferralTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");
    static final MemberId BORIS = MemberId.of("boris");
    static final OrderId O1 = OrderId.of("o-1");

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void pending_thenQualifiedRewardedReversed_keepsTheLink() {
        Referral p = Referral.pending(BORIS, ANNA, "K7M3QX9P", T0);
        assertThat(p.status()).isEqualTo(ReferralStatus.PENDING);
        assertThat(p.version()).isZero();
        assertThat(p.changedAt()).isEqualTo(T0);

        Referral q = p.withVersion(1).qualified(O1, t(100), t(10));
        assertThat(q.status()).isEqualTo(ReferralStatus.QUALIFIED);
        assertThat(q.order()).contains(O1);
        assertThat(q.maturesAt()).contains(t(100));
        assertThat(q.changedAt()).isEqualTo(t(10));
        assertThat(q.version()).isEqualTo(1);
        assertThat(q.isDueAt(t(99))).isFalse();
        assertThat(q.isDueAt(t(100))).isTrue();

        Referral r = q.rewarded(t(100));
        assertThat(r.status()).isEqualTo(ReferralStatus.REWARDED);
        assertThat(r.isDueAt(t(1000))).isFalse();

        Referral v = r.reversed(t(200));
        assertThat(v.status()).isEqualTo(ReferralStatus.REVERSED);
        assertThat(v.order()).contains(O1);
        assertThat(v.friend()).isEqualTo(BORIS);
        assertThat(v.referrer()).isEqualTo(ANNA);
        assertThat(v.code()).isEqualTo("K7M3QX9P");
        assertThat(v.linkedAt()).isEqualTo(T0);
    }

    @Test
    void rejected_carriesItsReason_fromPendingOrQualified() {
        assertThat(Referral.rejected(BORIS, BORIS, "K7M3QX9P", RejectionReason.SELF_REFERRAL, T0).rejection())
                .contains(RejectionReason.SELF_REFERRAL);
        Referral q = Referral.pending(BORIS, ANNA, "K7M3QX9P", T0).qualified(O1, t(100), t(1));
        Referral r = q.rejected(RejectionReason.OVER_REFERRER_LIMIT, t(100));
        assertThat(r.status()).isEqualTo(ReferralStatus.REJECTED);
        assertThat(r.rejection()).contains(RejectionReason.OVER_REFERRER_LIMIT);
        assertThat(r.order()).contains(O1);
    }

    @Test
    void changedAt_neverGoesBack_whenAnotherInstancesClockIsBehind() {
        Referral q = Referral.pending(BORIS, ANNA, "K7M3QX9P", t(50)).qualified(O1, t(100), t(60));

        assertThat(q.rewarded(t(55)).changedAt()).isEqualTo(t(60));
    }

    @Test
    void transitions_fromTheWrongStatus_areIllegal() {
        Referral p = Referral.pending(BORIS, ANNA, "K7M3QX9P", T0);
        Referral q = p.qualified(O1, t(100), t(1));
        Referral rejected = p.rejected(RejectionReason.CYCLE, t(1));

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> p.rewarded(t(2)))
                .withMessageContaining("referral of boris is PENDING");
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> p.reversed(t(2)));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> q.qualified(O1, t(100), t(2)));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> q.rewarded(t(2)).rejected(
                RejectionReason.CYCLE, t(3)));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> rejected.reversed(t(2)));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> q.reversed(t(2)).rewarded(t(3)));
    }

    @Test
    void selfReferral_onlyRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Referral.pending(ANNA, ANNA, "K7M3QX9P", T0))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("referrer"));
    }

    @Test
    void constructor_fieldsThatDoNotFitTheStatus_areInvalid() {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> new Referral(BORIS, ANNA, "C0DE",
                T0, ReferralStatus.REJECTED, Optional.empty(), Optional.empty(), Optional.empty(), T0, 0))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("rejection"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> new Referral(BORIS, ANNA, "C0DE",
                T0, ReferralStatus.PENDING, Optional.of(RejectionReason.CYCLE), Optional.empty(), Optional.empty(), T0,
                0)).satisfies(e -> assertThat(e.argument()).isEqualTo("rejection"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> new Referral(BORIS, ANNA, "C0DE",
                T0, ReferralStatus.QUALIFIED, Optional.empty(), Optional.empty(), Optional.empty(), T0, 0))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("order"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> new Referral(BORIS, ANNA, "C0DE",
                T0, ReferralStatus.PENDING, Optional.empty(), Optional.of(O1), Optional.of(T0), T0, 0))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("order"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> new Referral(BORIS, ANNA, "C0DE",
                T0, ReferralStatus.QUALIFIED, Optional.empty(), Optional.of(O1), Optional.empty(), T0, 0))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("maturesAt"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> new Referral(BORIS, ANNA, "C0DE",
                T0, ReferralStatus.PENDING, Optional.empty(), Optional.empty(), Optional.empty(), t(-1), 0))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("changedAt"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> new Referral(BORIS, ANNA, "C0DE",
                T0, ReferralStatus.PENDING, Optional.empty(), Optional.empty(), Optional.empty(), T0, -1))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("version"));
    }

    @Test
    void code_blankLongOrWithSpaces_isInvalid() {
        for (String bad : new String[] {"", "A B", "A\tB", "X".repeat(65)}) {
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> Referral.pending(BORIS, ANNA, bad, T0))
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("code"));
        }
        assertThat(Referral.pending(BORIS, ANNA, "X".repeat(64), T0).code()).hasSize(64);
    }
}
