package dev.loyaltykit.rules;

import dev.loyaltykit.rules.coalition.Partner;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.MemberStatus;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Members;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.spi.MemberStore;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.SharedCounters;
import dev.loyaltykit.core.spi.Messenger;
import dev.loyaltykit.rules.campaign.CampaignEngine;
import dev.loyaltykit.rules.campaign.Segment;
import dev.loyaltykit.rules.internal.Decimals;
import dev.loyaltykit.rules.tier.TierEngine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;


/**
 * What the parts of {@link LoyaltyProgram} share: the definition, the stores and engines, the
 * clock, and how to publish an event. Not API; each part is package-private.
 */
abstract class ProgramPart {
    static final int DUE_BATCH = 500;

    final ProgramDefinition definition;
    final Members members;
    final MemberStore memberStore;
    final PointsLedger ledger;
    final Clock clock;
    final Optional<TierEngine> tiers;
    final CampaignEngine campaigns;
    final SharedCounters sharedCounters;
    final Messenger messenger;
    final Map<String, Segment> segments;
    final int scale;
    private final Consumer<LoyaltyEvent> publisher;

    ProgramPart(ProgramDefinition definition, Members members, MemberStore memberStore, PointsLedger ledger, Clock clock,
            Optional<TierEngine> tiers, CampaignEngine campaigns, SharedCounters sharedCounters, Messenger messenger,
            Map<String, Segment> segments, Consumer<LoyaltyEvent> publisher) {
        this.definition = definition;
        this.members = members;
        this.memberStore = memberStore;
        this.ledger = ledger;
        this.clock = clock;
        this.tiers = tiers;
        this.campaigns = campaigns;
        this.sharedCounters = sharedCounters;
        this.messenger = messenger;
        this.segments = segments;
        this.scale = Money.scaleOf(definition.currency());
        this.publisher = publisher;
    }

    ProgramPart(ProgramPart other) {
        this(other.definition, other.members, other.memberStore, other.ledger, other.clock, other.tiers, other.campaigns,
                other.sharedCounters, other.messenger, other.segments, other.publisher);
    }

    final void publish(LoyaltyEvent event) {
        publisher.accept(event);
    }

    /**
     * Delivers the events a ledger operation committed, unless the ledger's store recorded them in
     * its outbox (then the host's relay delivers them). Nothing for a replay.
     */
    final void afterCommit(PointsLedger.Executed done) {
        if (!ledger.recordsEvents()) {
            done.events().forEach(this::publish);
        }
    }

    final Instant plus(Instant at, Period period) {
        return ZonedDateTime.ofInstant(at, definition.zone()).plus(period).toInstant();
    }

    /**
     * The fingerprint of an order's content: SHA-256 of the text {@code order.toString()} gives,
     * written here without the record's {@code toString}, which formats with
     * {@code String.format} and cost a sixth of a purchase's allocation. The text is the same,
     * so fingerprints stored before stay valid; a test keeps the two equal.
     */
    static String fingerprint(Order order) {
        return fingerprint(orderText(order));
    }

    /** What {@code order.toString()} returns, built with one StringBuilder. */
    static String orderText(Order order) {
        StringBuilder b = new StringBuilder(200 + 200 * order.lines().size());
        b.append("Order[orderId=").append(order.orderId()).append(", member=").append(order.member())
                .append(", placedAt=").append(order.placedAt()).append(", partner=").append(order.partner())
                .append(", store=").append(order.store()).append(", channel=").append(order.channel())
                .append(", currency=").append(order.currency()).append(", taxMode=").append(order.taxMode())
                .append(", lines=[");
        for (int i = 0; i < order.lines().size(); i++) {
            OrderLine line = order.lines().get(i);
            b.append(i == 0 ? "" : ", ").append("OrderLine[lineId=").append(line.lineId()).append(", sku=")
                    .append(line.sku()).append(", categories=").append(line.categories()).append(", quantity=")
                    .append(line.quantity());
            money(b.append(", unitPrice="), line.unitPrice());
            money(b.append(", discount="), line.discount());
            money(b.append(", tax="), line.tax());
            b.append(", giftCard=").append(line.giftCard()).append(']');
        }
        money(b.append("], orderDiscount="), order.orderDiscount());
        money(b.append(", shipping="), order.shipping());
        money(b.append(", paidWithPoints="), order.paidWithPoints());
        return b.append(']').toString();
    }

    /** What {@link Money#toString()} returns, appended. */
    private static void money(StringBuilder b, Money m) {
        Decimals.appendPlain(b, m.amount()).append(' ').append(m.currency().getCurrencyCode());
    }

    static String fingerprint(String content) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Calls {@code action} for every member, in batches of {@link #DUE_BATCH} read from the store. */
    final void forEachMember(Consumer<Member> action) {
        Optional<MemberId> after = Optional.empty();
        while (true) {
            List<Member> batch = memberStore.list(after, DUE_BATCH);
            batch.forEach(action);
            if (batch.size() < DUE_BATCH) {
                return;
            }
            after = Optional.of(batch.get(batch.size() - 1).id());
        }
    }

    /** In a coalition program, an order's partner must be one of the program's and not suspended. */
    final void checkPartner(Order order) {
        if (order.partner().isEmpty() || definition.partners().isEmpty()) {
            return;
        }
        Partner partner = definition.partner(order.partner().get())
                .orElseThrow(() -> new NotFoundException("partner", order.partner().get().value()));
        if (partner.suspended()) {
            throw new InvalidArgumentException("partner", "partner " + partner.id()
                    + " is suspended: it can no longer issue or accept points (its members keep their balances)");
        }
    }

    final Member activeMember(MemberId id) {
        return checkActive(members.get(id));
    }

    /**
     * Runs a ledger operation of an active member, reading the member with its ledger (one round
     * trip where the stores can, {@link MemberStore#findWithLedger}); {@code prepare} gets the
     * active member and returns the planner.
     *
     * @throws NotFoundException if there is no such member
     * @throws InvalidArgumentException if the member is not active
     */
    final PointsLedger.Executed executeForActiveMember(MemberId id, OperationKey key, String fingerprint,
            Function<Member, Function<MemberLedger, PointsLedger.Plan>> prepare) {
        return ledger.execute(memberStore, key, id, fingerprint, member -> prepare.apply(checkActive(member)));
    }

    /** The member, if it is active: only active members earn and spend points. */
    static Member checkActive(Member member) {
        if (member.status() != MemberStatus.ACTIVE) {
            throw new InvalidArgumentException("member", "member " + member.id() + " is " + member.status()
                    + "; only ACTIVE members earn and spend points");
        }
        return member;
    }

    /** The shared wiring itself, for the facade to hand to the parts. */
    static final class Shared extends ProgramPart {
        Shared(ProgramDefinition definition, Members members, MemberStore memberStore, PointsLedger ledger, Clock clock,
                Optional<TierEngine> tiers, CampaignEngine campaigns, SharedCounters sharedCounters, Messenger messenger,
                Map<String, Segment> segments, Consumer<LoyaltyEvent> publisher) {
            super(definition, members, memberStore, ledger, clock, tiers, campaigns, sharedCounters, messenger, segments,
                    publisher);
        }
    }
}
