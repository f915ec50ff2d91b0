package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.event.CampaignOccasion;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.event.MemberEnrolled;
import dev.loyaltykit.core.event.PointsEarned;
import dev.loyaltykit.core.event.PointsReversed;
import dev.loyaltykit.core.event.ReferralQualified;
import dev.loyaltykit.core.event.ReferralRejected;
import dev.loyaltykit.core.event.ReferralReversed;
import dev.loyaltykit.core.event.ReferralRewarded;
import dev.loyaltykit.core.event.TierChanged;
import dev.loyaltykit.core.referral.RejectionReason;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of event survives the outbox's JSON unchanged. */
class EventCodecTest {
    private static final MemberId M = MemberId.of("m-1");
    private static final MemberId R = MemberId.of("m-2");
    private static final Instant AT = Instant.parse("2026-03-02T09:00:00.123456Z");

    @Test
    void everyEventType_roundTrips() {
        List<LoyaltyEvent> events = List.of(new MemberEnrolled(M, AT), new PointsEarned(M, AT, "o-1", 50),
                new PointsReversed(M, AT, "o-1", 50, 3),
                new TierChanged(M, AT, "silver", "gold", TierChanged.Reason.values()[0]),
                new CampaignOccasion(M, AT, "birthday", "2026", 25, CampaignOccasion.Outcome.UNREACHABLE),
                new ReferralQualified(M, AT, R, OrderId.of("o-2"), AT.plusSeconds(60)),
                new ReferralRewarded(M, AT, R, 100, 50),
                new ReferralRejected(M, AT, R, RejectionReason.values()[0]),
                new ReferralReversed(M, AT, R, OrderId.of("o-3"), 100, 50));
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .as("one example of each event type").containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(LoyaltyEvent.class.getPermittedSubclasses()).map(Class::getSimpleName).toList());

        for (LoyaltyEvent e : events) {
            assertThat(EventCodec.read(EventCodec.type(e), EventCodec.write(e))).isEqualTo(e);
        }
    }

    @Test
    void write_keepsTheStoredFormat_fieldsInComponentOrder() {
        // Rows already in an outbox were written this way; the relay must read them as before.
        assertThat(EventCodec.write(new PointsEarned(M, AT, "o-1", 50)))
                .isEqualTo("{\"member\":\"m-1\",\"at\":\"2026-03-02T09:00:00.123456Z\",\"source\":\"o-1\",\"points\":50}");
        assertThat(EventCodec.write(new CampaignOccasion(M, AT, "birthday", "2026", 25,
                CampaignOccasion.Outcome.UNREACHABLE))).isEqualTo("{\"member\":\"m-1\",\"at\":\"2026-03-02T09:00:00.123456Z\","
                        + "\"campaign\":\"birthday\",\"occasion\":\"2026\",\"points\":25,\"outcome\":\"UNREACHABLE\"}");
    }

    @Test
    void read_ofAnUnknownTypeOrAMissingField_saysWhich() {
        assertThatThrownBy(() -> EventCodec.read("NoSuchEvent", "{}")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown event type NoSuchEvent");
        assertThatThrownBy(() -> EventCodec.read("PointsEarned", "{\"member\":\"m-1\"}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("event PointsEarned lacks a");
    }
}
