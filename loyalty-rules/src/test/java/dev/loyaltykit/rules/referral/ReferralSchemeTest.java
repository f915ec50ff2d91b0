package dev.loyaltykit.rules.referral;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static dev.loyaltykit.rules.Fixtures.rub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.CurrencyMismatchException;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.TaxMode;
import dev.loyaltykit.rules.Fixtures;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.accrual.LimitPeriod;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReferralSchemeTest {
    static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void of_hasTheDocumentedDefaults() {
        ReferralScheme s = ReferralScheme.of(300, FriendReward.points(200));

        assertThat(s.minPurchase()).isEmpty();
        assertThat(s.qualifyWithin()).isEmpty();
        assertThat(s.excludedCategories()).isEmpty();
        assertThat(s.maturity()).isEqualTo(Period.ofDays(14));
        assertThat(s.existingMemberGrace()).isEqualTo(Duration.ofDays(1));
        assertThat(s.limits()).isEqualTo(ReferralLimits.NONE);
        assertThat(s.friendReward().pointsOnReward()).isEqualTo(200);
        assertThat(FriendReward.discount("10").pointsOnReward()).isZero();
    }

    @Test
    void badValues_nameTheArgument() {
        ReferralScheme s = ReferralScheme.of(1, FriendReward.points(1));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> ReferralScheme.of(0, FriendReward.points(1)))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("referrerPoints"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> s.withMinPurchase(rub("0.00")))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("minPurchase"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> s.withQualifyWithin(Period.ZERO))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("qualifyWithin"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> s.withMaturity(Period.ofDays(-1)))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("maturity"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> s.withExistingMemberGrace(Duration.ofSeconds(-1)))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("existingMemberGrace"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> s.withExcludedCategories(" "))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("excludedCategories"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> FriendReward.points(0))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("points"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> FriendReward.discount("0"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("percent"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> FriendReward.discount("100.01"))
                .withMessage("percent: must be above 0 and at most 100, but was 100.01");
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> ReferralLimits.NONE.perReferrer(0, LimitPeriod.DAY))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("perReferrer"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> ReferralLimits.NONE.referrerTotal(-1))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("referrerTotal"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> ReferralLimits.NONE.perFingerprint(0))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("perFingerprint"));
    }

    @Test
    void discount_equalWhateverTheScale() {
        assertThat(FriendReward.discount("10.00")).isEqualTo(FriendReward.discount("10"))
                .isEqualTo(new FriendReward.Discount(new BigDecimal("1E+1")));
        assertThat(((FriendReward.Discount) FriendReward.discount("100")).percent().toPlainString()).isEqualTo("100");
    }

    @Test
    void limits_withMethods() {
        ReferralLimits l = ReferralLimits.NONE.perReferrer(5, LimitPeriod.MONTH).referrerTotal(50).perFingerprint(3);

        assertThat(l).isEqualTo(new ReferralLimits(OptionalInt.of(5), LimitPeriod.MONTH, OptionalInt.of(50),
                OptionalInt.of(3)));
    }

    @Test
    void programDefinition_minPurchaseInAnotherCurrency_isAMismatch() {
        assertThatExceptionOfType(CurrencyMismatchException.class).isThrownBy(() -> ProgramDefinition
                .builder("p", Fixtures.RUB)
                .referral(ReferralScheme.of(1, FriendReward.points(1)).withMinPurchase(Money.of("5.00", "EUR")))
                .build());
    }

    @Test
    void programDefinition_referralIsOptionalAndCopiedByToBuilder() {
        ReferralScheme s = ReferralScheme.of(1, FriendReward.points(1));
        ProgramDefinition d = ProgramDefinition.builder("p", Fixtures.RUB).referral(s).build();

        assertThat(d.referral()).contains(s);
        assertThat(d.toBuilder().build()).isEqualTo(d);
        assertThat(d.toBuilder().referral(null).build().referral()).isEmpty();
        assertThat(ProgramDefinition.builder("p", Fixtures.RUB).build().referral()).isEmpty();
    }

    @Test
    void qualifyingAmount_addedTaxAndShippingDoNotCount() {
        ReferralScheme s = ReferralScheme.of(1, FriendReward.points(1));

        assertThat(s.qualifyingAmount(order("o-1", "b", AT).taxMode(TaxMode.ADDED)
                .line(line("1", "X", 1, "100.00").withTax(rub("20.00"))).shipping(rub("30.00")).build()))
                .isEqualTo(rub("100.00"));
    }

    @Test
    void qualifyingAmount_onlyExcludedLines_isZero() {
        ReferralScheme s = ReferralScheme.of(1, FriendReward.points(1)).withExcludedCategories("tobacco");

        assertThat(s.qualifyingAmount(order("o-1", "b", AT).line(line("1", "X", 1, "100.00", "tobacco", "adult"))
                .build())).isEqualTo(rub("0.00"));
    }

    @Test
    void qualifyingAmount_roundsDown() {
        ReferralScheme s = ReferralScheme.of(1, FriendReward.points(1));

        // 100 of goods, 200 in all (shipping), 1/3 paid in money: 33.333... -> 33.33
        assertThat(s.qualifyingAmount(order("o-1", "b", AT).line(line("1", "X", 1, "100.00"))
                .shipping(rub("200.00")).paidWithPoints(rub("200.00")).build())).isEqualTo(rub("33.33"));
    }

    @Test
    void qualifyingAmount_freeOrder_isZero() {
        ReferralScheme s = ReferralScheme.of(1, FriendReward.points(1));

        assertThat(s.qualifyingAmount(order("o-1", "b", AT).line(line("1", "X", 1, "0.00")).build()))
                .isEqualTo(rub("0.00"));
    }
}
