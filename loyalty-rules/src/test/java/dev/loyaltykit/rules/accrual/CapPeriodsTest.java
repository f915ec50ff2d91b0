package dev.loyaltykit.rules.accrual;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The engine's kept day must give the keys and ends {@link Periods} computes, whatever order instants come in. */
class CapPeriodsTest {

    @Property(tries = 300)
    void aKeptDayGivesWhatPeriodsComputes(@ForAll("zones") ZoneId zone,
            @ForAll @Size(min = 1, max = 40) List<@net.jqwik.api.From("instants") Instant> instants) {
        CapPeriods.Cache cache = new CapPeriods.Cache(zone);
        for (Instant at : instants) {
            CapPeriods p = cache.at(at);
            for (int i = 0; i < CapPeriods.PERIODS.length; i++) {
                assertThat(p.key(i)).as("key %d of %s in %s", i, at, zone)
                        .isEqualTo(Periods.key(CapPeriods.PERIODS[i], at, zone));
                assertThat(p.end(i)).as("end %d of %s in %s", i, at, zone)
                        .isEqualTo(Periods.end(CapPeriods.PERIODS[i], at, zone));
            }
        }
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        // Moscow; Sao Paulo's old DST began at midnight (no 00:00 on those days); Lord Howe moves 30 minutes.
        return Arbitraries.of("Europe/Moscow", "America/Sao_Paulo", "Australia/Lord_Howe", "UTC", "Pacific/Apia")
                .map(ZoneId::of);
    }

    @Provide
    Arbitrary<Instant> instants() {
        // Around DST changes of the zones above, and anywhere in a few years, often within hours of each other.
        Arbitrary<Instant> anywhere = Arbitraries.longs().between(1_200_000_000L, 1_900_000_000L)
                .map(Instant::ofEpochSecond);
        Arbitrary<Instant> nearChanges = Arbitraries.of("2018-11-04T03:00:00Z", "2019-02-17T02:00:00Z",
                        "2026-04-05T15:00:00Z", "2026-10-04T15:30:00Z", "2011-12-29T10:00:00Z", "2026-03-29T00:00:00Z")
                .flatMap(s -> Arbitraries.longs().between(-7200, 7200)
                        .map(d -> Instant.parse(s).plusSeconds(d)));
        return Arbitraries.oneOf(anywhere, nearChanges);
    }
}
