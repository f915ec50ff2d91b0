package dev.loyaltykit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StoryClockTest {
    private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void zonedView_sharesTheTimeOfTheClockItCameFrom() {
        StoryClock clock = new StoryClock(Clock.fixed(START, ZoneOffset.UTC));
        ZoneId moscow = ZoneId.of("Europe/Moscow");
        Clock view = clock.withZone(moscow);

        clock.advance(Duration.ofDays(3));

        assertThat(view.getZone()).isEqualTo(moscow);
        assertThat(view.instant()).isEqualTo(START.plus(Duration.ofDays(3)));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void set_backwards_isRefusedAndLeavesTheTime() {
        StoryClock clock = new StoryClock(Clock.fixed(START, ZoneOffset.UTC));

        assertThatIllegalArgumentException().isThrownBy(() -> clock.set(START.minusSeconds(1)))
                .withMessageContaining("never goes back");
        assertThat(clock.instant()).isEqualTo(START);
    }
}
