package dev.loyaltykit.rules.referral;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.Channel;
import dev.loyaltykit.core.Consent;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.spi.Message;
import dev.loyaltykit.rules.Fixtures;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ReferralMessagesTest {

    @Test
    void rewardedReferral_tellsBothMembersOnlyOnConsentedChannels() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        List<Message> sent = new CopyOnWriteArrayList<>();
        LoyaltyProgram program = LoyaltyProgram.builder(ProgramDefinition.builder("shop", Fixtures.RUB)
                .referral(ReferralScheme.of(300, FriendReward.points(200)).withMaturity(Period.ofDays(14))).build())
                .clock(clock).messenger(sent::add).referralMessages("referral-rewarded", Channel.PUSH, Channel.SMS)
                .build();
        MemberId anna = MemberId.of("anna");
        MemberId boris = MemberId.of("boris");
        program.enroll(Member.builder(anna, clock.instant()).consent(Consent.granted(Channel.SMS, clock.instant())).build());
        program.enroll(Member.builder(boris, clock.instant()).build(), program.referralCode(anna), Optional.empty());
        program.recordPurchase(Order.builder(OrderId.of("o-1"), boris, Fixtures.RUB, clock.instant())
                .line(OrderLine.of("1", "X", 1, Money.of("1000.00", "RUB"))).build());
        clock.set(Instant.parse("2026-03-20T10:00:00Z"));
        program.runDue(clock.instant());

        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.member()).isEqualTo(anna);
            assertThat(m.channel()).isEqualTo(Channel.SMS);
            assertThat(m.template()).isEqualTo("referral-rewarded");
            assertThat(m.parameters()).containsEntry("role", "referrer").containsEntry("points", "300");
        });
        program.runDue(clock.instant().plusSeconds(60));
        assertThat(sent).hasSize(1);
    }
}
