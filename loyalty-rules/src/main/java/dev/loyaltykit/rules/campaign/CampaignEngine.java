package dev.loyaltykit.rules.campaign;

import dev.loyaltykit.core.Channel;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberStatus;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.ledger.ExpiryForecast;
import dev.loyaltykit.core.spi.MemberLedger;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides which campaign occasions are due for a member, who is in a control group, and which
 * purchases convert. Pure: the facade commits what it decides.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class CampaignEngine {
    /** The counter holding the instant (epoch second) of the member's last purchase. */
    public static final String LAST_PURCHASE = "lk:last-purchase";

    private final ZoneId zone;

    /**
     * Creates the engine.
     *
     * @param zone the program's time zone
     */
    public CampaignEngine(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * The occasion of a time-driven campaign due for a member now, if any (welcome campaigns are
     * fired by enrolment and consent, not here).
     *
     * @param campaign the campaign
     * @param member the member
     * @param state the member's ledger state as of now
     * @param tier the member's tier id, or empty if the program has no tiers
     * @param now the instant
     * @return the occasion id, e.g. {@code birthday:2026}
     */
    public Optional<String> dueOccasion(Campaign campaign, Member member, MemberLedger state, Optional<String> tier,
            Instant now) {
        return dueOccasion(campaign, member, state, tier, segment -> false, now);
    }

    /**
     * The occasion due, checking the campaign's segments too.
     *
     * @param campaign the campaign
     * @param member the member
     * @param state the member's ledger state as of now
     * @param tier the member's tier id, or empty
     * @param inSegment whether the member is in a segment
     * @param now the instant
     * @return the occasion id
     */
    public Optional<String> dueOccasion(Campaign campaign, Member member, MemberLedger state, Optional<String> tier,
            java.util.function.Predicate<String> inSegment, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(tier, "tier");
        return dueOccasion(campaign, member, () -> state, () -> tier, inSegment, now);
    }

    /**
     * The occasion due, asking for the member's ledger state and tier only if the campaign needs
     * them (a win-back or expiry reminder, a tier or segment condition): birthdays and
     * anniversaries are decided by the member alone, so a run over many members reads the state
     * of only those who have an occasion or a condition to check.
     *
     * @param campaign the campaign
     * @param member the member
     * @param state the member's ledger state as of now, read when first asked for
     * @param tier the member's tier id, or empty; asked for only if the campaign names tiers
     * @param inSegment whether the member is in a segment
     * @param now the instant
     * @return the occasion id
     */
    public Optional<String> dueOccasion(Campaign campaign, Member member, Supplier<MemberLedger> state,
            Supplier<Optional<String>> tier, java.util.function.Predicate<String> inSegment, Instant now) {
        if (!inAudience(campaign, member, tier, inSegment, now)) {
            return Optional.empty();
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        Trigger t = campaign.trigger();
        if (t instanceof Trigger.Birthday b) {
            if (member.birthday().isEmpty()) {
                return Optional.empty();
            }
            for (int year = today.getYear() - 1; year <= today.getYear() + 1; year++) {
                LocalDate day = birthdayIn(member.birthday().get(), year);
                if (!today.isBefore(day.minusDays(b.daysBefore())) && !today.isAfter(day)) {
                    return Optional.of("birthday:" + year);
                }
            }
            return Optional.empty();
        } else if (t instanceof Trigger.WinBack w) {
            long last = state.get().counter(LAST_PURCHASE);
            Instant since = last == 0 ? member.enrolledAt() : Instant.ofEpochSecond(last);
            if (Duration.between(since, now).compareTo(Duration.ofDays(w.inactiveDays())) >= 0) {
                return Optional.of("winback:" + since.getEpochSecond());
            }
            return Optional.empty();
        } else if (t instanceof Trigger.ExpiryReminder r) {
            Optional<ExpiryForecast> next = state.get().balance().nextExpiry();
            if (next.isPresent() && next.get().points() > 0 && next.get().at().isAfter(now)
                    && !next.get().at().isAfter(now.plus(Duration.ofDays(r.daysBefore())))) {
                return Optional.of("expiry:" + next.get().at().getEpochSecond());
            }
            return Optional.empty();
        } else if (t instanceof Trigger.Anniversary) {
            LocalDate enrolled = LocalDate.ofInstant(member.enrolledAt(), zone);
            int years = Period.between(enrolled, today).getYears();
            if (years >= 1 && today.isBefore(enrolled.plusYears(years).plusDays(30))) {
                return Optional.of("anniversary:" + years);
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** This year's birthday; 29 February is 28 February in other years. */
    static LocalDate birthdayIn(LocalDate birthday, int year) {
        return birthday.withYear(year);
    }

    /**
     * Whether a campaign applies to a member now: an active member, in the campaign's dates,
     * tiers and attributes.
     *
     * @param campaign the campaign
     * @param member the member
     * @param tier the member's tier id, if the program has tiers
     * @param now the instant
     * @return true if it applies
     */
    public boolean inAudience(Campaign campaign, Member member, Optional<String> tier, Instant now) {
        return inAudience(campaign, member, tier, segment -> false, now);
    }

    /**
     * Whether a campaign applies to a member now, segments included.
     *
     * @param campaign the campaign
     * @param member the member
     * @param tier the member's tier id, if the program has tiers
     * @param inSegment whether the member is in a segment
     * @param now the instant
     * @return true if it applies
     */
    public boolean inAudience(Campaign campaign, Member member, Optional<String> tier,
            java.util.function.Predicate<String> inSegment, Instant now) {
        Objects.requireNonNull(tier, "tier");
        return inAudience(campaign, member, () -> tier, inSegment, now);
    }

    private boolean inAudience(Campaign campaign, Member member, Supplier<Optional<String>> tierOf,
            java.util.function.Predicate<String> inSegment, Instant now) {
        for (String segment : campaign.segments()) {
            if (!inSegment.test(segment)) {
                return false;
            }
        }
        if (member.status() != MemberStatus.ACTIVE) {
            return false;
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        if (campaign.from().isPresent() && today.isBefore(campaign.from().get())
                || campaign.to().isPresent() && today.isAfter(campaign.to().get())) {
            return false;
        }
        if (!campaign.tiers().isEmpty()) {
            Optional<String> tier = tierOf.get();
            if (tier.isEmpty() || !campaign.tiers().contains(tier.get())) {
                return false;
            }
        }
        for (var e : campaign.memberAttributes().entrySet()) {
            if (!e.getValue().equals(member.attributes().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a member is in a campaign's control group: decided by a hash of the campaign and
     * member ids, so it is stable, needs no state, and the share converges to the configured one.
     *
     * @param campaign the campaign
     * @param member the member
     * @return true if held back
     */
    public static boolean inControl(Campaign campaign, Member member) {
        if (campaign.controlPercent().signum() == 0) {
            return false;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((campaign.id() + "|" + member.id().value())
                    .getBytes(StandardCharsets.UTF_8));
            long bucket = (((h[0] & 0xffL) << 16) | ((h[1] & 0xffL) << 8) | (h[2] & 0xffL)) % 10_000;
            return BigDecimal.valueOf(bucket).compareTo(campaign.controlPercent().multiply(BigDecimal.valueOf(100))) < 0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * The first channel of the campaign the member consented to.
     *
     * @param campaign the campaign
     * @param member the member
     * @return the channel, or empty if none (nobody can be reached)
     */
    public static Optional<Channel> channel(Campaign campaign, Member member) {
        return campaign.channels().stream().filter(member::hasConsent).findFirst();
    }

    static String at(Campaign c) {
        return "lk:camp:" + c.id() + ":at";
    }

    static String control(Campaign c) {
        return "lk:camp:" + c.id() + ":control";
    }

    static String converted(Campaign c) {
        return "lk:camp:" + c.id() + ":converted";
    }

    /**
     * The counters an occasion sets: when it happened and whether the member was control, so a
     * later purchase can be attributed.
     *
     * @param campaign the campaign
     * @param state the member's state
     * @param control whether the member is in the control group
     * @param now the instant
     * @return the counter changes
     */
    public static List<CounterChange> occasionCounters(Campaign campaign, MemberLedger state, boolean control,
            Instant now) {
        List<CounterChange> out = new ArrayList<>();
        out.add(CounterChange.of(at(campaign), now.getEpochSecond() - state.counter(at(campaign))));
        out.add(CounterChange.of(control(campaign), (control ? 1 : 0) - state.counter(control(campaign))));
        return out;
    }

    /**
     * A purchase's conversion of a campaign occasion: a purchase within the attribution window
     * after the member's last occasion, not converted before.
     *
     * @param campaign the campaign
     * @param state the member's state
     * @param placedAt when the order was placed
     * @return the occasion's instant (epoch second) if this purchase converts it
     */
    public Optional<Long> conversion(Campaign campaign, MemberLedger state, Instant placedAt) {
        long occasion = state.counter(at(campaign));
        if (occasion == 0 || state.counter(converted(campaign)) >= occasion) {
            return Optional.empty();
        }
        Instant start = Instant.ofEpochSecond(occasion);
        Instant end = ZonedDateTime.ofInstant(start, zone).plus(campaign.attributionWindow()).toInstant();
        if (placedAt.isBefore(start) || placedAt.isAfter(end)) {
            return Optional.empty();
        }
        return Optional.of(occasion);
    }

    /**
     * Marks an occasion converted.
     *
     * @param campaign the campaign
     * @param state the member's state
     * @param occasion the occasion's instant (epoch second)
     * @return the counter change
     */
    public static CounterChange converted(Campaign campaign, MemberLedger state, long occasion) {
        return CounterChange.of(converted(campaign), occasion - state.counter(converted(campaign)));
    }

    /**
     * Whether the member was in the control group at the last occasion.
     *
     * @param campaign the campaign
     * @param state the member's state
     * @return true if control
     */
    public static boolean wasControl(Campaign campaign, MemberLedger state) {
        return state.counter(control(campaign)) == 1;
    }
}
