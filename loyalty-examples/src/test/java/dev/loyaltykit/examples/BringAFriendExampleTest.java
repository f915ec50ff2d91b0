package dev.loyaltykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.referral.ReferralStatus;
import dev.loyaltykit.core.referral.RejectionReason;
import dev.loyaltykit.rules.LoyaltyProgram;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BringAFriendExampleTest {

    @Test
    void run_paysBothSidesOfARealReferralAndRejectsTheSelfReferral() {
        AtomicReference<LoyaltyProgram> program = new AtomicReference<>();
        String story = ExampleOutput.capture(out -> program.set(
                BringAFriendExample.run(out, ExampleOutput.at("2026-06-01T09:00:00Z"))));
        System.out.print(story);

        LoyaltyProgram p = program.get();
        assertThat(p.referralOf(MemberId.of("pavel")).orElseThrow().status()).isEqualTo(ReferralStatus.REWARDED);
        assertThat(p.referralOf(MemberId.of("olga-2")).orElseThrow().rejection())
                .contains(RejectionReason.SELF_REFERRAL);
        // Olga: 300 for Pavel; Pavel: 2% of 1500 = 30, plus 200; the alias: nothing.
        assertThat(p.balance(MemberId.of("olga")).available()).isEqualTo(300);
        assertThat(p.balance(MemberId.of("pavel")).available()).isEqualTo(230);
        assertThat(p.balance(MemberId.of("olga-2")).available()).isZero();
        assertThat(story)
                .contains("Olga joins and shares her code GREEN26")
                .contains("REJECTED SELF_REFERRAL")
                .contains("1 referral(s) rewarded, 300 points to referrers, 200 to friends")
                .contains("Balances: olga 300, pavel 230, olga-2 0");
    }
}
