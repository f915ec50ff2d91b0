package dev.loyaltykit.rules.internal;

import dev.loyaltykit.core.AlreadyExistsException;
import dev.loyaltykit.core.ConcurrentUpdateException;
import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.IdentifierType;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.LoyaltyException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.MemberStatus;
import dev.loyaltykit.core.Members;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.event.ReferralQualified;
import dev.loyaltykit.core.event.ReferralRejected;
import dev.loyaltykit.core.event.ReferralReversed;
import dev.loyaltykit.core.event.ReferralRewarded;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.referral.Referral;
import dev.loyaltykit.core.referral.ReferralStatus;
import dev.loyaltykit.core.referral.RejectionReason;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.ReferralStore;
import dev.loyaltykit.core.spi.SharedCounters;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.accrual.AccrualEngine;
import dev.loyaltykit.rules.accrual.Periods;
import dev.loyaltykit.rules.referral.FriendReward;
import dev.loyaltykit.rules.referral.ReferralLimits;
import dev.loyaltykit.rules.referral.ReferralScheme;
import dev.loyaltykit.rules.referral.ReferralWork;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The referral engine behind {@code LoyaltyProgram}: codes, linking a friend to a referrer with
 * the fraud rules, qualifying on a purchase, reversing on a refund, and paying matured referrals.
 *
 * <p>Exactly once, also from several instances: status changes are version-checked writes to the
 * {@link ReferralStore} (only the writer that made a transition publishes its event), and each
 * reward is a member-scoped ledger credit under a key derived from the referral
 * ({@code referral:<friend>:referrer}, {@code referral:<friend>:friend}), so a repeat replays
 * instead of paying again. The referrer's limits are ledger counters checked in the same commit as
 * the referrer's credit. Whoever sees a referral reversed or rejected after rewards were paid
 * takes them back under keys derived from the same referral, so a refund racing a payment never
 * leaves the rewards paid.
 *
 * <p>Internal: not API. This class is thread-safe.
 */
public final class Referrals {
    private static final Logger LOG = LoggerFactory.getLogger(Referrals.class);
    /** How many times a status change is retried after losing a version race. */
    private static final int MAX_ATTEMPTS = 16;
    /** How many generated codes are tried before giving up. */
    private static final int MAX_CODE_ATTEMPTS = 10;
    /** How far up the referrer chain the cycle rule looks. */
    private static final int MAX_CHAIN = 100;
    private static final int PAGE = 500;
    private static final int MAX_FINGERPRINT_LENGTH = 512;
    /** The counter of a member's rewarded referrals as a referrer, never dropped. */
    static final String TOTAL_COUNTER = "lk:referral:total";

    private final ProgramDefinition definition;
    private final Optional<ReferralScheme> scheme;
    private final Members members;
    private final PointsLedger ledger;
    private final ReferralStore store;
    private final SharedCounters sharedCounters;
    private final Clock clock;
    private final Supplier<String> codes;
    private final Consumer<LoyaltyEvent> publish;

    /**
     * Wires the engine.
     *
     * @param definition the program (its referral scheme, zone and expiry)
     * @param members the members
     * @param ledger the ledger
     * @param store the referral store
     * @param sharedCounters counters for the per-fingerprint limit
     * @param clock the clock
     * @param codes where new codes come from
     * @param publish publishes an event after commit (must not throw)
     */
    public Referrals(ProgramDefinition definition, Members members, PointsLedger ledger, ReferralStore store,
            SharedCounters sharedCounters, Clock clock, Supplier<String> codes, Consumer<LoyaltyEvent> publish) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.scheme = definition.referral();
        this.members = Objects.requireNonNull(members, "members");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.store = Objects.requireNonNull(store, "store");
        this.sharedCounters = Objects.requireNonNull(sharedCounters, "sharedCounters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.codes = Objects.requireNonNull(codes, "codes");
        this.publish = Objects.requireNonNull(publish, "publish");
    }

    private ReferralScheme scheme() {
        return scheme.orElseThrow(() -> new IllegalStateException("program '" + definition.id()
                + "' has no referral scheme; add one with ProgramDefinition.Builder.referral(...)"));
    }

    // ---- codes ------------------------------------------------------------------------------

    /**
     * A member's code, created on first use.
     *
     * @param member the member
     * @return the code
     * @throws NotFoundException if there is no such member
     * @throws IllegalStateException if the program has no referral scheme, or the code supplier
     *     returns invalid or only taken codes
     */
    public String codeOf(MemberId member) {
        Objects.requireNonNull(member, "member");
        scheme();
        members.get(member);
        for (int attempt = 1; attempt <= MAX_CODE_ATTEMPTS; attempt++) {
            Optional<String> existing = store.findCode(member);
            if (existing.isPresent()) {
                return existing.get();
            }
            String code = Objects.requireNonNull(codes.get(), "generated referral code");
            if (!code.equals(ReferralCodes.normalise(code)) || !ReferralCodes.isValid(code)) {
                throw new IllegalStateException("the referral code supplier returned '" + code + "'; codes must be "
                        + ReferralCodes.MIN_LENGTH + " to " + ReferralCodes.MAX_LENGTH + " characters from "
                        + RewardCodes.ALPHABET);
            }
            if (store.assignCode(member, code) == ReferralStore.CodeAssignment.ASSIGNED) {
                return code;
            }
            // Taken by another member (try another), or the member got one concurrently (read it).
        }
        throw new IllegalStateException("no free referral code for member " + member + " after "
                + MAX_CODE_ATTEMPTS + " attempts; is the code supplier random?");
    }

    /**
     * Gives a member a code the host chose.
     *
     * @param member the member
     * @param raw the code as the host has it
     * @throws InvalidArgumentException if the code is not 4 to 16 characters of the alphabet
     * @throws NotFoundException if there is no such member
     * @throws AlreadyExistsException if another member has the code, or the member has another code
     */
    public void assignCode(MemberId member, String raw) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(raw, "code");
        scheme();
        String code = ReferralCodes.checked(raw);
        members.get(member);
        switch (store.assignCode(member, code)) {
            case ASSIGNED:
                return;
            case CODE_TAKEN:
                throw new AlreadyExistsException("referral code", code);
            case MEMBER_HAS_CODE:
            default:
                if (store.findCode(member).filter(code::equals).isPresent()) {
                    return;
                }
                throw new AlreadyExistsException("referral code of member", member.value());
        }
    }

    /**
     * The member a code belongs to.
     *
     * @param raw the code as typed
     * @return the referrer
     * @throws NotFoundException if no member has the code (a malformed code included)
     */
    public MemberId referrerOf(String raw) {
        Objects.requireNonNull(raw, "referralCode");
        scheme();
        String code = ReferralCodes.normalise(raw);
        Optional<MemberId> owner = ReferralCodes.isValid(code) ? store.findMemberByCode(code) : Optional.empty();
        return owner.orElseThrow(() -> new NotFoundException("referral code", code));
    }

    /**
     * Checks a fingerprint before anything is written.
     *
     * @param fingerprint the fingerprint, if the host has one
     * @throws InvalidArgumentException if it is blank or longer than 512 characters
     */
    public static void checkFingerprint(Optional<String> fingerprint) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (fingerprint.isPresent() && (fingerprint.get().isBlank()
                || fingerprint.get().length() > MAX_FINGERPRINT_LENGTH)) {
            throw new InvalidArgumentException("fingerprint", "must be 1 to " + MAX_FINGERPRINT_LENGTH
                    + " characters and not blank, but was " + fingerprint.get().length() + " characters");
        }
    }

    // ---- linking ----------------------------------------------------------------------------

    /**
     * Links a friend to the owner of a code, applying the fraud rules. A referral refused by a
     * rule is stored rejected with its reason; applying the same referrer's code again returns
     * the stored referral.
     *
     * @param friendId the friend
     * @param raw the code as typed
     * @param fingerprint the device or network fingerprint of the enrolment, if the host has one
     * @return the referral as stored
     * @throws NotFoundException if the code or the friend is unknown
     * @throws InvalidArgumentException if the fingerprint is blank or too long
     * @throws AlreadyExistsException if the friend is already linked to another referrer
     */
    public Referral link(MemberId friendId, String raw, Optional<String> fingerprint) {
        Objects.requireNonNull(friendId, "friend");
        checkFingerprint(fingerprint);
        ReferralScheme s = scheme();
        MemberId referrerId = referrerOf(raw);
        String code = ReferralCodes.normalise(raw);
        Member friend = members.get(friendId);
        Optional<Referral> existing = store.findByFriend(friendId);
        if (existing.isPresent()) {
            return sameReferrer(existing.get(), referrerId);
        }
        Instant now = clock.instant();
        Optional<RejectionReason> reason = fraud(friend, referrerId, now, s);
        String counter = null;
        SharedCounters.Reservation reservation = null;
        if (reason.isEmpty() && fingerprint.isPresent() && s.limits().perFingerprint().isPresent()) {
            counter = fingerprintCounter(fingerprint.get());
            reservation = sharedCounters.reserve(counter, friendId.value(), s.limits().perFingerprint().getAsInt());
            if (reservation == SharedCounters.Reservation.EXHAUSTED) {
                reason = Optional.of(RejectionReason.OVER_FINGERPRINT_LIMIT);
            }
        }
        Referral referral = reason.isPresent()
                ? Referral.rejected(friendId, referrerId, code, reason.get(), now)
                : Referral.pending(friendId, referrerId, code, now);
        List<LoyaltyEvent> linkEvents = reason.isPresent()
                ? List.of(new ReferralRejected(friendId, now, referrerId, reason.get())) : List.of();
        if (store.insert(referral, linkEvents) == ReferralStore.ReferralWrite.DUPLICATE) {
            // Another enrolment of this friend won the race; give back a unit it does not use.
            Referral winner = store.findByFriend(friendId).orElseThrow();
            if (reservation == SharedCounters.Reservation.RESERVED && winner.status() == ReferralStatus.REJECTED) {
                sharedCounters.cancel(counter, friendId.value());
            }
            return sameReferrer(winner, referrerId);
        }
        Referral stored = store.findByFriend(friendId).orElseThrow();
        if (stored.status() == ReferralStatus.PENDING && cycle(friendId, referrerId)) {
            // Two members applying each other's codes at the same moment both passed the check
            // above; now that the links are stored, at least one of them sees the cycle.
            Optional<Referral> rejected = reject(stored, RejectionReason.CYCLE, now, false);
            if (rejected.isPresent()) {
                if (counter != null) {
                    sharedCounters.cancel(counter, friendId.value());
                }
                return rejected.get();
            }
            return store.findByFriend(friendId).orElseThrow();
        }
        published(linkEvents);
        LOG.debug("referral of {} by {}: {}", friendId, referrerId, stored.status());
        return stored;
    }

    private static Referral sameReferrer(Referral existing, MemberId referrer) {
        if (!existing.referrer().equals(referrer)) {
            throw new AlreadyExistsException("referral", existing.friend().value());
        }
        return existing;
    }

    private Optional<RejectionReason> fraud(Member friend, MemberId referrerId, Instant now, ReferralScheme s) {
        if (friend.id().equals(referrerId)) {
            return Optional.of(RejectionReason.SELF_REFERRAL);
        }
        Member referrer = members.get(referrerId);
        if (sharesIdentity(friend, referrer)) {
            return Optional.of(RejectionReason.SELF_REFERRAL);
        }
        if (friend.enrolledAt().isBefore(now.minus(s.existingMemberGrace()))) {
            return Optional.of(RejectionReason.ALREADY_MEMBER);
        }
        if (ledger.state(friend.id()).counter(AccrualEngine.ORDERS_COUNTER) > 0) {
            return Optional.of(RejectionReason.ALREADY_PURCHASED);
        }
        if (cycle(friend.id(), referrerId)) {
            return Optional.of(RejectionReason.CYCLE);
        }
        if (friend.status() != MemberStatus.ACTIVE || referrer.status() != MemberStatus.ACTIVE) {
            return Optional.of(RejectionReason.MEMBER_NOT_ACTIVE);
        }
        return Optional.empty();
    }

    /** Whether two members share a phone number, a card or (compared canonically) an e-mail address. */
    static boolean sharesIdentity(Member a, Member b) {
        Set<String> mine = new HashSet<>();
        for (Identifier i : a.identifiers()) {
            identity(i).ifPresent(mine::add);
        }
        for (Identifier i : b.identifiers()) {
            Optional<String> theirs = identity(i);
            if (theirs.isPresent() && mine.contains(theirs.get())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> identity(Identifier i) {
        switch (i.type()) {
            case PHONE:
            case CARD:
                return Optional.of(i.type() + ":" + i.value());
            case EMAIL:
                return Optional.of(IdentifierType.EMAIL + ":" + canonicalEmail(i.value()));
            default:
                return Optional.empty();
        }
    }

    /**
     * An e-mail address as the mailbox it reaches: lower case, without a {@code +tag} in the local
     * part, and for Gmail without dots in the local part and with {@code googlemail.com} read as
     * {@code gmail.com}.
     *
     * @param email a normalised address
     * @return the canonical address
     */
    static String canonicalEmail(String email) {
        String lower = email.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        if (at < 0) {
            return lower;
        }
        String local = lower.substring(0, at);
        String domain = lower.substring(at + 1);
        int plus = local.indexOf('+');
        if (plus >= 0) {
            local = local.substring(0, plus);
        }
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            local = local.replace(".", "");
            domain = "gmail.com";
        }
        return local + "@" + domain;
    }

    /** Whether following the referrers up from {@code referrer} leads to {@code friend}. */
    private boolean cycle(MemberId friend, MemberId referrer) {
        Set<MemberId> seen = new HashSet<>();
        MemberId current = referrer;
        for (int depth = 0; depth < MAX_CHAIN; depth++) {
            if (current.equals(friend)) {
                return true;
            }
            if (!seen.add(current)) {
                return false;
            }
            Optional<Referral> up = store.findByFriend(current);
            if (up.isEmpty()) {
                return false;
            }
            current = up.get().referrer();
        }
        return false;
    }

    private String fingerprintCounter(String fingerprint) {
        // Hashed: a fingerprint may be an IP address, which must not end up in counter names.
        return "referral-fp:" + definition.id() + ":" + sha256(fingerprint);
    }

    // ---- reads ------------------------------------------------------------------------------

    /**
     * A friend's referral.
     *
     * @param friend the friend
     * @return the referral
     */
    public Optional<Referral> referralOf(MemberId friend) {
        return store.findByFriend(Objects.requireNonNull(friend, "friend"));
    }

    /**
     * All referrals a member made, by ascending friend id.
     *
     * @param referrer the referrer
     * @return the referrals
     * @throws NotFoundException if there is no such member
     */
    public List<Referral> referralsOf(MemberId referrer) {
        Objects.requireNonNull(referrer, "referrer");
        members.get(referrer);
        List<Referral> all = new ArrayList<>();
        Optional<MemberId> after = Optional.empty();
        while (true) {
            List<Referral> page = store.listByReferrer(referrer, after, PAGE);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            after = Optional.of(page.get(page.size() - 1).friend());
        }
    }

    /**
     * The discount a referred friend may get on their first order: present while the scheme
     * gives the friend a discount, the friend's referral is pending, and the friend has no
     * recorded purchase.
     *
     * @param friend the friend
     * @return the percentage
     */
    public Optional<BigDecimal> discountFor(MemberId friend) {
        Objects.requireNonNull(friend, "friend");
        if (scheme.isEmpty() || !(scheme.get().friendReward() instanceof FriendReward.Discount d)) {
            return Optional.empty();
        }
        Optional<Referral> r = store.findByFriend(friend);
        if (r.isEmpty() || r.get().status() != ReferralStatus.PENDING
                || ledger.state(friend).counter(AccrualEngine.ORDERS_COUNTER) > 0) {
            return Optional.empty();
        }
        return Optional.of(d.percent());
    }

    // ---- purchases and refunds ----------------------------------------------------------------

    /**
     * After a purchase was committed (or replayed): qualifies the buyer's pending referral if the
     * order qualifies. Idempotent; a replay repairs a qualification a crash interrupted.
     *
     * @param order the order
     * @param buyer the buyer
     */
    public void afterPurchase(Order order, Member buyer) {
        if (scheme.isEmpty()) {
            return;
        }
        ReferralScheme s = scheme.get();
        Optional<Referral> found = store.findByFriend(buyer.id());
        if (found.isEmpty() || found.get().status() != ReferralStatus.PENDING || !qualifies(order, buyer, s)) {
            return;
        }
        Instant due = plus(order.placedAt(), s.maturity());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Referral current = found.orElseThrow();
            if (current.status() != ReferralStatus.PENDING) {
                return;
            }
            Instant now = clock.instant();
            List<LoyaltyEvent> qualified = List.of(new ReferralQualified(buyer.id(), now, current.referrer(),
                    order.orderId(), due));
            if (store.update(current.qualified(order.orderId(), due, now), qualified)
                    == ReferralStore.ReferralWrite.WRITTEN) {
                LOG.debug("referral of {} qualified by order {}", buyer.id(), order.orderId());
                published(qualified);
                return;
            }
            found = store.findByFriend(buyer.id());
        }
        throw new ConcurrentUpdateException("referral of " + buyer.id(), MAX_ATTEMPTS);
    }

    private boolean qualifies(Order order, Member buyer, ReferralScheme s) {
        if (s.qualifyWithin().isPresent() && order.placedAt().isAfter(plus(buyer.enrolledAt(), s.qualifyWithin().get()))) {
            return false;
        }
        Money amount = s.qualifyingAmount(order);
        return amount.isPositive() && (s.minPurchase().isEmpty() || amount.compareTo(s.minPurchase().get()) >= 0);
    }

    /**
     * After a refund was committed (or replayed): reverses the referral the refunded order
     * qualified, and takes back rewards already paid. Idempotent; a replay repairs a reversal a
     * crash interrupted.
     *
     * @param member the buyer
     * @param order the refunded order
     */
    public void afterRefund(MemberId member, OrderId order) {
        if (scheme.isEmpty()) {
            return;
        }
        Optional<Referral> found = store.findByFriend(member);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (found.isEmpty() || !found.get().order().equals(Optional.of(order))) {
                return;
            }
            Referral current = found.get();
            switch (current.status()) {
                case QUALIFIED:
                case REWARDED: {
                    Instant now = clock.instant();
                    // Take back first (idempotent by key: an instance that loses the race below
                    // repeats the same reversals), so the event written with the change knows the amounts.
                    long[] back = takeBack(current);
                    List<LoyaltyEvent> reversed = List.of(new ReferralReversed(member, now, current.referrer(), order,
                            back[0], back[1]));
                    if (store.update(current.reversed(now), reversed) == ReferralStore.ReferralWrite.WRITTEN) {
                        LOG.debug("referral of {} reversed by a refund of {}", member, order);
                        published(reversed);
                        return;
                    }
                    found = store.findByFriend(member);
                    break;
                }
                case REVERSED:
                    takeBack(current);
                    return;
                default:
                    return;
            }
        }
        throw new ConcurrentUpdateException("referral of " + member, MAX_ATTEMPTS);
    }

    /** Reverses whatever of the referral's rewards was paid; returns the points taken back from referrer and friend. */
    private long[] takeBack(Referral r) {
        long referrer = reverseIfPaid(r.referrer(), referrerKey(r));
        long friend = reverseIfPaid(r.friend(), friendKey(r));
        return new long[] {referrer, friend};
    }

    private long reverseIfPaid(MemberId member, OperationKey credit) {
        if (ledger.receipt(member, credit).isEmpty()) {
            return 0;
        }
        OperationKey key = OperationKey.of(credit.value() + ":reversal");
        try {
            return ledger.reverse(LedgerCommand.Reverse.all(key, member, credit)).requested();
        } catch (InvalidArgumentException e) {
            // Two instances taking the same reward back at once: the ledger may report the credit
            // as fully reversed to the one that lost the race instead of replaying its key.
            Optional<LedgerReceipt> done = ledger.receipt(member, key);
            if (done.isPresent()) {
                return done.get().requested();
            }
            throw e;
        }
    }

    // ---- due work ---------------------------------------------------------------------------

    /**
     * Pays the referrals that matured by {@code now}, in batches. Safe to run repeatedly and from
     * several instances at once.
     *
     * @param now the instant
     * @return what was done
     */
    public ReferralWork runDue(Instant now) {
        Objects.requireNonNull(now, "now");
        if (scheme.isEmpty()) {
            return ReferralWork.NONE;
        }
        ReferralWork total = ReferralWork.NONE;
        Optional<MemberId> after = Optional.empty();
        while (true) {
            List<Referral> batch = store.listDue(now, after, PAGE);
            for (Referral r : batch) {
                total = total.plus(pay(r.friend(), now, scheme.get()));
            }
            if (batch.size() < PAGE) {
                return total;
            }
            after = Optional.of(batch.get(batch.size() - 1).friend());
        }
    }

    /** Thrown inside the referrer's ledger planner to abort the credit: the commit changes nothing. */
    private static final class OverLimit extends LoyaltyException {
        private static final long serialVersionUID = 1L;

        OverLimit(String message) {
            super(message);
        }
    }

    private ReferralWork pay(MemberId friendId, Instant now, ReferralScheme s) {
        Optional<Referral> found = store.findByFriend(friendId);
        if (found.isEmpty() || !found.get().isDueAt(now)) {
            return new ReferralWork(1, 0, 0, 0, 0, 0);
        }
        Referral r = found.get();
        try {
            // A member the host removed from its store counts as inactive, so that one referral
            // cannot stop every later run.
            boolean active = members.find(r.friend()).filter(m -> m.status() == MemberStatus.ACTIVE).isPresent()
                    && members.find(r.referrer()).filter(m -> m.status() == MemberStatus.ACTIVE).isPresent();
            if (!active) {
                boolean rejected = reject(r, RejectionReason.MEMBER_NOT_ACTIVE, clock.instant(), true).isPresent();
                return new ReferralWork(1, 0, rejected ? 1 : 0, 0, 0, 0);
            }
            Instant at = clock.instant();
            LedgerReceipt referrerPaid;
            try {
                referrerPaid = ledger.execute(referrerKey(r), r.referrer(), referrerKey(r).value(),
                        state -> new PointsLedger.Plan(referrerCredit(r, s, state, at), "")).receipt();
            } catch (OverLimit e) {
                LOG.debug("referral of {} not paid: {}", r.friend(), e.getMessage());
                boolean rejected = reject(r, RejectionReason.OVER_REFERRER_LIMIT, at, true).isPresent();
                return new ReferralWork(1, 0, rejected ? 1 : 0, 0, 0, 0);
            }
            long friendPoints = s.friendReward().pointsOnReward();
            long friendPaid = 0;
            if (friendPoints > 0) {
                friendPaid = ledger.execute(friendKey(r), r.friend(), friendKey(r).value(),
                        state -> new PointsLedger.Plan(credit(friendKey(r), r.friend(), friendPoints, at), ""))
                        .receipt().requested();
            }
            List<LoyaltyEvent> rewarded = List.of(new ReferralRewarded(r.friend(), at, r.referrer(),
                    referrerPaid.requested(), friendPaid));
            if (markRewarded(r.friend(), at, rewarded)) {
                published(rewarded);
                return new ReferralWork(1, 1, 0, 0, referrerPaid.requested(), friendPaid);
            }
            return new ReferralWork(1, 0, 0, 0, 0, 0);
        } catch (ConcurrentUpdateException e) {
            LOG.debug("referral of {} deferred: {}", friendId, e.getMessage());
            return new ReferralWork(1, 0, 0, 1, 0, 0);
        }
    }

    private LedgerCommand referrerCredit(Referral r, ReferralScheme s, MemberLedger state, Instant at) {
        ReferralLimits limits = s.limits();
        List<CounterChange> counters = new ArrayList<>();
        if (limits.referrerTotal().isPresent() && state.counter(TOTAL_COUNTER) >= limits.referrerTotal().getAsInt()) {
            throw new OverLimit("referrer " + r.referrer() + " reached the limit of " + limits.referrerTotal().getAsInt()
                    + " rewarded referrals in total");
        }
        counters.add(CounterChange.of(TOTAL_COUNTER, 1));
        if (limits.perReferrer().isPresent()) {
            String counter = "lk:referral:" + Periods.key(limits.period(), at, definition.zone());
            if (state.counter(counter) >= limits.perReferrer().getAsInt()) {
                throw new OverLimit("referrer " + r.referrer() + " reached the limit of "
                        + limits.perReferrer().getAsInt() + " rewarded referrals per " + limits.period());
            }
            counters.add(new CounterChange(counter, 1, Periods.end(limits.period(), at, definition.zone())));
        }
        return credit(referrerKey(r), r.referrer(), s.referrerPoints(), at).withCounters(counters);
    }

    private LedgerCommand.Credit credit(OperationKey key, MemberId member, long points, Instant at) {
        LedgerCommand.Credit credit = LedgerCommand.Credit.of(key, member, points).earnedAt(at);
        if (definition.pointsExpireAfter().isPresent()) {
            credit = credit.expiringAt(plus(at, definition.pointsExpireAfter().get()));
        }
        return credit;
    }

    /**
     * Marks a paid referral rewarded; true if this call made the change. If it was reversed or
     * rejected meanwhile, takes back what was paid.
     */
    private boolean markRewarded(MemberId friend, Instant at, List<LoyaltyEvent> events) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Referral current = store.findByFriend(friend).orElseThrow();
            switch (current.status()) {
                case QUALIFIED:
                    if (store.update(current.rewarded(at), events) == ReferralStore.ReferralWrite.WRITTEN) {
                        return true;
                    }
                    break;
                case REVERSED:
                case REJECTED:
                    takeBack(current);
                    return false;
                default:
                    return false;
            }
        }
        throw new ConcurrentUpdateException("referral of " + friend, MAX_ATTEMPTS);
    }

    /**
     * Rejects a pending or qualified referral; the rejected referral if this call made the change.
     * After a payment race ({@code takeBack}), rewards paid meanwhile are taken back.
     */
    private Optional<Referral> reject(Referral read, RejectionReason reason, Instant at, boolean takeBack) {
        Referral current = read;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (current.status() != ReferralStatus.PENDING && current.status() != ReferralStatus.QUALIFIED) {
                return Optional.empty();
            }
            Referral rejected = current.rejected(reason, at);
            List<LoyaltyEvent> events = List.of(new ReferralRejected(current.friend(), at, current.referrer(), reason));
            if (store.update(rejected, events) == ReferralStore.ReferralWrite.WRITTEN) {
                if (takeBack) {
                    takeBack(current);
                }
                published(events);
                return Optional.of(rejected.withVersion(current.version() + 1));
            }
            current = store.findByFriend(current.friend()).orElseThrow();
        }
        throw new ConcurrentUpdateException("referral of " + read.friend(), MAX_ATTEMPTS);
    }

    /** Delivers events written with a referral change, unless the store recorded them in its outbox. */
    private void published(List<LoyaltyEvent> events) {
        if (!store.recordsEvents()) {
            events.forEach(publish);
        }
    }

    private static OperationKey referrerKey(Referral r) {
        return OperationKey.of("referral:" + r.friend().value() + ":referrer");
    }

    private static OperationKey friendKey(Referral r) {
        return OperationKey.of("referral:" + r.friend().value() + ":friend");
    }

    private Instant plus(Instant at, Period period) {
        return ZonedDateTime.ofInstant(at, definition.zone()).plus(period).toInstant();
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
