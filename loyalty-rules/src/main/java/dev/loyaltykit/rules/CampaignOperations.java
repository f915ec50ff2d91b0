package dev.loyaltykit.rules;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.Message;
import dev.loyaltykit.core.Channel;
import dev.loyaltykit.core.event.CampaignOccasion;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.rules.campaign.Campaign;
import dev.loyaltykit.rules.campaign.CampaignEngine;
import dev.loyaltykit.rules.campaign.CampaignStats;
import dev.loyaltykit.rules.campaign.Trigger;
import dev.loyaltykit.rules.campaign.Segment;
import dev.loyaltykit.rules.campaign.SegmentFacts;
import dev.loyaltykit.rules.internal.Aggregates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The campaign part of {@link LoyaltyProgram}: occasions, messages, segments and their figures. */
final class CampaignOperations extends ProgramPart {
    private static final Logger LOG = LoggerFactory.getLogger(LoyaltyProgram.class);

    /** The position of the last campaign a nightly pass runs (not a welcome), or -1. */
    private final int lastRunByPass;

    CampaignOperations(ProgramPart shared) {
        super(shared);
        List<Campaign> all = definition.campaigns();
        int last = -1;
        for (int i = 0; i < all.size(); i++) {
            if (!(all.get(i).trigger() instanceof Trigger.Welcome)) {
                last = i;
            }
        }
        this.lastRunByPass = last;
    }

    /** Fires the welcome campaigns of an enrolment (no channel) or of a first consent to a channel. */
    void welcome(Member member, Optional<Channel> channel) {
        for (Campaign c : definition.campaigns()) {
            if (c.trigger() instanceof Trigger.Welcome w && w.onConsent().equals(channel)
                    && campaigns.inAudience(c, member, tierOf(member),
                            segmentTest(member, ledger.state(member.id()), clock.instant()), clock.instant())) {
                fire(member, c, channel.map(ch -> "welcome:" + ch).orElse("welcome"), clock.instant());
            }
        }
    }

    private Optional<String> tierOf(Member member) {
        return tiers.map(t -> t.effective(ledger.state(member.id()), clock.instant()).id());
    }

    /**
     * Gives a member one occasion of a campaign, exactly once: the points (unless the member is in
     * the control group) under a key that names the occasion, then the message on the first
     * consented channel.
     *
     * @return true if the occasion was given now (false if it had been before)
     */
    private boolean fire(Member member, Campaign campaign, String occasion, Instant now) {
        return fire(member, campaign, occasion, now, state -> List.of());
    }

    private boolean fire(Member member, Campaign campaign, String occasion, Instant now,
            java.util.function.Function<MemberLedger, List<CounterChange>> extra) {
        OperationKey key = OperationKey.of("campaign:" + campaign.id() + ":" + occasion);
        boolean control = CampaignEngine.inControl(campaign, member);
        Optional<Channel> channel = CampaignEngine.channel(campaign, member);
        CampaignOccasion.Outcome outcome = control ? CampaignOccasion.Outcome.CONTROL
                : campaign.template().isPresent() && channel.isEmpty() ? CampaignOccasion.Outcome.UNREACHABLE
                        : CampaignOccasion.Outcome.TARGETED;
        long points = control ? 0 : campaign.points().orElse(0);
        List<LoyaltyEvent> events = List.of(new CampaignOccasion(member.id(), now, campaign.id(), occasion, points, outcome));
        PointsLedger.Executed done = ledger.execute(key, member.id(), key.value(), state -> {
            List<CounterChange> counters = new ArrayList<>(CampaignEngine.occasionCounters(campaign, state, control, now));
            counters.addAll(extra.apply(state));
            LedgerCommand command;
            if (points > 0) {
                LedgerCommand.Credit credit = LedgerCommand.Credit.of(key, member.id(), points).withCounters(counters);
                if (campaign.pointsExpireAfter().isPresent()) {
                    credit = credit.expiringAt(plus(now, campaign.pointsExpireAfter().get()));
                }
                command = credit;
            } else {
                command = new LedgerCommand.Tally(key, member.id(), counters);
            }
            return new PointsLedger.Plan(command, List.of(), outcome.name(), events);
        });
        if (done.replayed()) {
            return false;
        }
        String who = member.id().value() + "|" + occasion;
        sharedCounters.reserve(statCounter(campaign, control ? "control" : "targeted"), who, Long.MAX_VALUE);
        if (outcome == CampaignOccasion.Outcome.UNREACHABLE) {
            sharedCounters.reserve(statCounter(campaign, "unreachable"), who, Long.MAX_VALUE);
        }
        if (outcome == CampaignOccasion.Outcome.TARGETED && campaign.template().isPresent()) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("campaign", campaign.id());
            params.put("occasion", occasion);
            params.put("points", String.valueOf(points));
            params.put("balance", String.valueOf(done.receipt().balance().available()));
            done.receipt().balance().nextExpiry().ifPresent(x -> {
                params.put("expiringPoints", String.valueOf(x.points()));
                params.put("expiresAt", x.at().toString());
            });
            try {
                messenger.send(new Message(key.value(), member.id(), channel.orElseThrow(), campaign.template().get(),
                        params));
            } catch (RuntimeException e) {
                LOG.warn("messenger failed for campaign {} and member {}: {}", campaign.id(), member.id(), e.toString());
            }
        }
        afterCommit(done);
        return true;
    }

    String statCounter(Campaign campaign, String what) {
        return "campaign:" + definition.id() + ":" + campaign.id() + ":" + what;
    }

    /**
     * How a campaign is doing: occasions targeted and held back, and how many of each converted
     * (bought within the attribution window).
     *
     * @param campaignId the campaign
     * @return the figures
     * @throws NotFoundException if the program has no such campaign
     */
    CampaignStats campaignStats(String campaignId) {
        Campaign c = definition.campaign(campaignId).orElseThrow(() -> new NotFoundException("campaign", campaignId));
        return new CampaignStats(c.id(), sharedCounters.count(statCounter(c, "targeted")),
                sharedCounters.count(statCounter(c, "converted")), sharedCounters.count(statCounter(c, "control")),
                sharedCounters.count(statCounter(c, "control-converted")),
                sharedCounters.count(statCounter(c, "unreachable")));
    }

    /** Fires a segment-entered campaign if the member entered the segment since the last check. */
    private boolean segmentCampaign(Member member, Campaign campaign, String name, Optional<String> tier, Instant now) {
        MemberLedger state = ledger.state(member.id());
        boolean in = segments.get(name).contains(member, Aggregates.facts(member, state, tier, now, scale));
        String flag = "lk:segment:" + name;
        boolean wasIn = state.counter(flag) == 1;
        if (in && !wasIn) {
            return campaigns.inAudience(campaign, member, tier, segmentTest(member, state, now), now) && fire(member, campaign,
                    "segment:" + name + ":" + now.getEpochSecond(), now,
                    st -> List.of(CounterChange.of(flag, 1 - st.counter(flag))));
        }
        if (!in && wasIn) {
            OperationKey key = OperationKey.of("segment-left:" + name + ":" + now.getEpochSecond());
            ledger.execute(key, member.id(), key.value(), st -> new PointsLedger.Plan(new LedgerCommand.Tally(key,
                    member.id(), List.of(CounterChange.of(flag, -st.counter(flag)))), ""));
        }
        return false;
    }

    /** Whether the member is in a segment, evaluated once per segment and only when asked. */
    java.util.function.Predicate<String> segmentTest(Member member, MemberLedger state, Instant now) {
        return segmentTest(member, () -> state, now);
    }

    /** As {@link #segmentTest(Member, MemberLedger, Instant)}, reading the state only if a segment is asked about. */
    java.util.function.Predicate<String> segmentTest(Member member, Supplier<MemberLedger> stateOf, Instant now) {
        Map<String, Boolean> seen = new java.util.HashMap<>();
        SegmentFacts[] facts = new SegmentFacts[1];
        return name -> seen.computeIfAbsent(name, n -> {
            if (facts[0] == null) {
                MemberLedger state = stateOf.get();
                facts[0] = Aggregates.facts(member, state, tiers.map(t -> t.effective(state, now).id()), now, scale);
            }
            Segment segment = segments.get(n);
            return segment != null && segment.contains(member, facts[0]);
        });
    }

    /**
     * The segments a member is in now (the program's and those the host registered).
     *
     * @param member the member
     * @return the segment names, sorted
     * @throws NotFoundException if there is no such member
     */
    java.util.SortedSet<String> segmentsOf(MemberId member) {
        Member m = members.get(member);
        MemberLedger state = ledger.state(member);
        Instant now = clock.instant();
        SegmentFacts facts = Aggregates.facts(m, state, tiers.map(t -> t.effective(state, now).id()), now, scale);
        java.util.SortedSet<String> in = new java.util.TreeSet<>();
        segments.forEach((name, segment) -> {
            if (segment.contains(m, facts)) {
                in.add(name);
            }
        });
        return in;
    }

    /** A supplier that asks {@code read} once, on first use (one thread: one member's campaign pass). */
    private static <T> Supplier<T> once(Supplier<T> read) {
        Object[] value = new Object[1];
        boolean[] done = new boolean[1];
        return () -> {
            if (!done[0]) {
                value[0] = read.get();
                done[0] = true;
            }
            @SuppressWarnings("unchecked")
            T t = (T) value[0];
            return t;
        };
    }

    /** Runs the time-driven campaigns due for a member now; returns how many occasions were given. */
    long runCampaigns(Member member, Instant now) {
        long given = 0;
        // One read of the member's state for all campaigns, taken before any of them commits: each
        // campaign keeps its own occasion counters, so what one campaign commits does not decide
        // another's occasion. Read only when needed: birthdays and anniversaries are decided by
        // the member alone, so a run over many members reads the state of only those with an
        // occasion or a condition on the state.
        Supplier<MemberLedger> state = once(() -> ledger.state(member.id()));
        java.util.function.Predicate<String> inSegment = segmentTest(member, state, now);
        Supplier<Optional<String>> tier = once(() -> tiers.map(t -> t.effective(state.get(), now).id()));
        List<Campaign> all = definition.campaigns();
        for (int i = 0; i < all.size(); i++) {
            Campaign c = all.get(i);
            if (c.trigger() instanceof Trigger.Welcome) {
                continue;
            }
            if (c.trigger() instanceof Trigger.SegmentEntered s) {
                state.get(); // as below: the state before any commit of this pass
                given += segmentCampaign(member, c, s.segment(), tier.get(), now) ? 1 : 0;
                continue;
            }
            Optional<String> occasion = campaigns.dueOccasion(c, member, state, tier, inSegment, now);
            if (occasion.isPresent() && i < lastRunByPass) {
                state.get(); // the state before this commit, for the campaigns after this one
            }
            if (occasion.isPresent() && fire(member, c, occasion.get(), now)) {
                given++;
            }
        }
        return given;
    }
}
