package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.InsufficientPointsException;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.internal.LedgerStates;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.OperationRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A mutable working copy of one member's ledger state for the duration of one operation: the
 * pure computation between a store's read and its commit. Not thread-safe; never shared.
 */
final class Working {
    private static final Optional<OperationKey> NONE = Optional.empty();

    private final MemberId member;
    private final AccountRef.MemberAccount account;
    private final Instant now;
    private final Instant previousAsOf;
    private final List<Lot> lots;
    private final Map<HoldId, Hold> activeHolds;
    private final List<Hold> changedHolds = new ArrayList<>();
    private final List<Transfer> transfers = new ArrayList<>();
    private final long version;
    private long nextSequence;
    private long debt;
    private long earned;
    private long redeemed;
    private long expired;
    /**
     * The state's counters, read-only (most operations change none), until the first change
     * copies them into a {@code TreeMap} of our own: see {@link #writableCounters()}.
     */
    private Map<String, Counter> counters;
    private boolean countersCopied;
    /**
     * The state as of now built for a plan or a receipt, kept until the next change (see
     * {@link #changing()}): the receipt's balance and the new state then share one build.
     */
    private MemberLedger projection;
    /**
     * The read state's {@link MemberLedger#nextDueAt()} until the first change (null after it):
     * before that instant no hold lapses and no lot matures or expires, so due work need not walk
     * every lot (a frequent buyer has hundreds of open lots; most operations have nothing due).
     */
    private Instant dueAtWhileUnchanged;
    /** The state read. */
    private final MemberLedger base;
    /**
     * Whether anything of the read state's lots (other than lots added), holds or debt changed:
     * every change to them sets it (see {@link #stateAsOfNow}).
     */
    private boolean baseChanged;
    /** The lots added to the read state's (new lots, and used-up lots given back). */
    private final List<Lot> added = new ArrayList<>();

    /** Counters of due work done. */
    long pointsExpired;
    long pointsMatured;
    int holdsLapsed;

    Working(MemberLedger state, Instant clockNow) {
        this.member = state.member();
        this.account = AccountRef.member(member);
        this.now = clockNow.isBefore(state.asOf()) ? state.asOf() : clockNow;
        this.previousAsOf = state.asOf();
        this.lots = new ArrayList<>(state.lots());
        this.activeHolds = new LinkedHashMap<>();
        for (Hold h : state.holds()) {
            activeHolds.put(h.id(), h);
        }
        this.version = state.version();
        this.nextSequence = state.nextSequence();
        this.debt = state.debt();
        this.earned = state.lifetimeEarned();
        this.redeemed = state.lifetimeRedeemed();
        this.expired = state.lifetimeExpired();
        this.counters = state.counters();
        this.dueAtWhileUnchanged = state.nextDueAt();
        this.base = state;
    }

    Instant now() {
        return now;
    }

    MemberId member() {
        return member;
    }

    List<Transfer> transfers() {
        return transfers;
    }

    List<Hold> changedHolds() {
        return changedHolds;
    }

    boolean changed() {
        return !transfers.isEmpty() || !changedHolds.isEmpty() || pointsMatured > 0;
    }

    MemberLedger toState() {
        // After a receipt nothing has changed since its projection: the new state is that one, one version on.
        return projection != null ? LedgerStates.withVersion(projection, version + 1) : stateAsOfNow(version + 1);
    }

    /** The state as of now without a version change, for reads. */
    MemberLedger toProjection() {
        if (projection == null) {
            projection = stateAsOfNow(version);
        }
        return projection;
    }

    /**
     * The state as of now. When only lots were added to the read state, and nothing of it can
     * have matured or expired yet, its balance is the read state's plus theirs: a purchase of a
     * member with thousands of open lots does not walk them all.
     */
    private MemberLedger stateAsOfNow(long v) {
        if (!baseChanged && now.isBefore(base.nextDueAt())) {
            return LedgerStates.withLotsAdded(base, v, nextSequence, now, lots, added, earned, redeemed, expired,
                    new ArrayList<>(counters.values()));
        }
        return LedgerStates.inOrder(member, v, nextSequence, now, lots, new ArrayList<>(activeHolds.values()), debt,
                earned, redeemed, expired, new ArrayList<>(counters.values()));
    }

    /** As {@link #toProjection()}, always walking every lot (for the test that the shortcut changes nothing). */
    MemberLedger toProjectionWalkingEveryLot() {
        return LedgerStates.inOrder(member, version, nextSequence, now, lots, new ArrayList<>(activeHolds.values()),
                debt, earned, redeemed, expired, new ArrayList<>(counters.values()));
    }

    /** Every method that changes the working state calls this first: the kept projection is stale. */
    private void changing() {
        projection = null;
        dueAtWhileUnchanged = null;
    }

    // ---- due work -------------------------------------------------------------------------

    /** Lapses holds past their deadline, expires lots past their expiry, matures lots and settles debt. */
    void applyDue() {
        applyDue(true);
    }

    /**
     * As {@link #applyDue()}; with {@code skipWhenNothingDue} false it walks the holds and lots
     * even when the read state says nothing is due yet (for the test that the skip changes nothing).
     */
    void applyDue(boolean skipWhenNothingDue) {
        boolean nothingDue = skipWhenNothingDue && dueAtWhileUnchanged != null && now.isBefore(dueAtWhileUnchanged);
        changing();
        if (!nothingDue) {
            lapseAndMature();
        }
        // Debt first: a lot that matured and then expired since the last change was available
        // while the debt existed, and pays it before it expires.
        settleDebt();
        if (!nothingDue) {
            expireDue(null);
        }
        for (Counter c : counters.values()) {
            if (!c.until().isAfter(now)) {
                writableCounters().values().removeIf(old -> !old.until().isAfter(now));
                break;
            }
        }
    }

    private void lapseAndMature() {
        for (Iterator<Hold> it = activeHolds.values().iterator(); it.hasNext();) {
            Hold hold = it.next();
            if (!hold.deadline().isAfter(now)) {
                baseChanged = true;
                it.remove();
                changedHolds.add(hold.with(HoldStatus.LAPSED, 0));
                restore(hold.allocation());
                holdsLapsed++;
            }
        }
        for (Lot lot : lots) {
            if (lot.isAvailableAt(now) && !lot.isAvailableAt(previousAsOf) && !lot.isExpiredAt(now)) {
                pointsMatured += lot.remaining();
            }
        }
    }

    /** The due work's expiry key of the last instant asked for: a nightly run asks for one instant per member. */
    private static volatile DueKey lastDueKey;

    private record DueKey(Instant at, OperationKey key) {
    }

    /** The key of due work's expiries at an instant, {@code due:expire@<instant>}. */
    static OperationKey dueExpiryKey(Instant at) {
        DueKey last = lastDueKey;
        if (last == null || !last.at().equals(at)) {
            last = new DueKey(at, new OperationKey("due:expire@" + at));
            lastDueKey = last;
        }
        return last.key();
    }

    /** The counters, copied on the first change. */
    private Map<String, Counter> writableCounters() {
        if (!countersCopied) {
            counters = new TreeMap<>(counters);
            countersCopied = true;
        }
        return counters;
    }

    /**
     * How long after a lot's expiry the ledger remembers how much of it expired, so that a refund
     * of the credit does not charge the member again for points that already expired.
     */
    static final java.time.Duration EXPIRED_MEMORY = java.time.Duration.ofDays(730);

    static String expiredCounter(LotId lot) {
        return "lk:expired:" + lot.value();
    }

    /** Applies counter changes; a counter whose until has passed is not kept. */
    void count(List<CounterChange> changes) {
        changing();
        for (CounterChange change : changes) {
            Counter old = counters.get(change.name());
            long value = old == null ? change.delta() : Math.addExact(old.value(), change.delta());
            Instant until = old == null || change.until().isAfter(old.until()) ? change.until() : old.until();
            if (until.isAfter(now)) {
                writableCounters().put(change.name(), new Counter(change.name(), value, until));
            }
        }
    }

    /** Expires lots past their expiry under the operation's key, or, for due work (null), under {@code due:expire@now}. */
    private void expireDue(OperationKey operation) {
        // The due work's key is formatted only when a lot expires: most operations expire nothing.
        OperationKey key = operation;
        for (Iterator<Lot> it = lots.iterator(); it.hasNext();) {
            Lot lot = it.next();
            if (lot.isExpiredAt(now)) {
                baseChanged = true;
                it.remove();
                if (key == null) {
                    key = dueExpiryKey(now);
                }
                transfer(key, TransferKind.EXPIRY, account,
                        AccountRef.system(SystemAccountType.EXPIRED, lot.partner()), lot.remaining(), NONE,
                        List.of(LotPortion.of(lot, lot.remaining())));
                expired = Math.addExact(expired, lot.remaining());
                pointsExpired += lot.remaining();
                count(List.of(new CounterChange(expiredCounter(lot.id()), lot.remaining(),
                        lot.expiresAt().get().plus(EXPIRED_MEMORY))));
            }
        }
    }

    /** Pays debt from available lots, soonest-expiring first. */
    private void settleDebt() {
        if (debt == 0) {
            return;
        }
        long pay = Math.min(debt, available());
        if (pay > 0) {
            consume(pay);
            baseChanged = true;
            debt -= pay;
        }
    }

    // ---- lots -------------------------------------------------------------------------------

    long available() {
        long sum = 0;
        for (Lot lot : lots) {
            if (lot.isAvailableAt(now)) {
                sum = Math.addExact(sum, lot.remaining());
            }
        }
        return sum;
    }

    private List<LotPortion> take(long points) {
        long available = available();
        if (available - debt < points) {
            throw new InsufficientPointsException(member, points, available - debt);
        }
        return consume(points);
    }

    /** Takes points from available lots in consumption order; the caller checked there are enough. */
    private List<LotPortion> consume(long points) {
        List<LotPortion> portions = new ArrayList<>();
        long left = points;
        for (int i = 0; i < lots.size() && left > 0; i++) {
            Lot lot = lots.get(i);
            if (!lot.isAvailableAt(now)) {
                continue;
            }
            long part = Math.min(left, lot.remaining());
            portions.add(LotPortion.of(lot, part));
            left -= part;
            if (part == lot.remaining()) {
                baseChanged = true;
                lots.remove(i--);
            } else {
                baseChanged = true;
                lots.set(i, lot.withRemaining(lot.remaining() - part));
            }
        }
        if (left != 0) {
            throw new IllegalStateException("consumed " + (points - left) + " of " + points + " points");
        }
        return portions;
    }

    /** Returns points to the lots they came from, recreating used-up lots with their original dates. */
    private void restore(List<LotPortion> portions) {
        for (LotPortion portion : portions) {
            int index = indexOf(portion.lot());
            if (index >= 0) {
                Lot lot = lots.get(index);
                baseChanged = true;
                lots.set(index, lot.withRemaining(Math.addExact(lot.remaining(), portion.points())));
            } else {
                insertInOrder(portion.toLot(portion.points()));
            }
        }
    }

    /** Adds a lot whose id is not among the lots, keeping them in consumption order. */
    private void insertInOrder(Lot lot) {
        int at = Collections.binarySearch(lots, lot, Lot.CONSUMPTION_ORDER);
        lots.add(at >= 0 ? at : -at - 1, lot);
        added.add(lot);
    }

    private int indexOf(LotId id) {
        // Hashes first: a string's hash is kept once computed, and the lots of a state that a
        // store keeps are the same objects operation after operation.
        String value = id.value();
        int hash = value.hashCode();
        for (int i = 0; i < lots.size(); i++) {
            String other = lots.get(i).id().value();
            if (other.hashCode() == hash && other.equals(value)) {
                return i;
            }
        }
        return -1;
    }

    private Transfer transfer(OperationKey key, TransferKind kind, AccountRef from, AccountRef to, long points,
            Optional<OperationKey> reverses, List<LotPortion> portions) {
        Transfer t = new Transfer(new TransferId(member, nextSequence++), key, kind, from, to, points, now,
                reverses, portions);
        transfers.add(t);
        return t;
    }

    private static AccountRef system(SystemAccountType type, Optional<PartnerId> partner) {
        return AccountRef.system(type, partner);
    }

    // ---- operations ------------------------------------------------------------------------

    void credit(LedgerCommand.Credit c) {
        changing();
        addLot(c.key(), c.points(), c.earnedAt().orElse(now), c.availableFrom(), c.expiresAt(), c.partner(),
                TransferKind.ACCRUAL, system(SystemAccountType.ISSUED, c.partner()));
    }

    private void addLot(OperationKey key, long points, Instant earnedAt, Optional<Instant> availableFrom,
            Optional<Instant> expiresAt, Optional<PartnerId> partner, TransferKind kind, AccountRef from) {
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
            throw new InvalidArgumentException("expiresAt", "must be in the future (now is " + now + "), but was "
                    + expiresAt.get());
        }
        Lot lot = new Lot(new LotId(key.value()), earnedAt, availableFrom.orElse(earnedAt), expiresAt, partner,
                points, points);
        if (indexOf(lot.id()) >= 0) {
            throw new InvalidArgumentException("key", "a lot with id " + lot.id() + " is already open");
        }
        insertInOrder(lot);
        transfer(key, kind, from, account, points, NONE, List.of(LotPortion.of(lot, points)));
        earned = Math.addExact(earned, points);
        settleDebt();
    }

    void debit(LedgerCommand.Debit d) {
        changing();
        List<LotPortion> portions = take(d.points());
        transfer(d.key(), TransferKind.REDEMPTION, account, system(SystemAccountType.REDEEMED, d.partner()),
                d.points(), NONE, portions);
        redeemed = Math.addExact(redeemed, d.points());
    }

    Hold hold(LedgerCommand.PlaceHold h) {
        changing();
        if (!h.deadline().isAfter(now)) {
            throw new InvalidArgumentException("deadline", "must be in the future (now is " + now + "), but was "
                    + h.deadline());
        }
        List<LotPortion> portions = take(h.points());
        Hold hold = new Hold(HoldId.of(h.key()), member, h.points(), now, h.deadline(), HoldStatus.ACTIVE, 0,
                portions, h.reference());
        baseChanged = true;
        activeHolds.put(hold.id(), hold);
        changedHolds.add(hold);
        return hold;
    }

    private Hold activeHold(HoldId id, Supplier<Optional<Hold>> stored, String action) {
        Hold hold = activeHolds.get(id);
        if (hold != null) {
            return hold;
        }
        for (Hold changed : changedHolds) {
            if (changed.id().equals(id)) {
                throw new HoldStateException(id, changed.status(), action);
            }
        }
        Optional<Hold> found = stored.get();
        if (found.isPresent()) {
            throw new HoldStateException(id, found.get().status(), action);
        }
        throw new NotFoundException("hold", member + "/" + id);
    }

    Hold capture(LedgerCommand.Capture c, Supplier<Optional<Hold>> stored) {
        changing();
        Hold hold = activeHold(c.hold(), stored, "capture");
        if (c.points() > hold.points()) {
            throw new HoldAmountExceededException(hold.id(), c.points(), hold.points());
        }
        List<LotPortion> captured = new ArrayList<>();
        List<LotPortion> returned = new ArrayList<>();
        split(hold.allocation(), c.points(), captured, returned);
        baseChanged = true;
        activeHolds.remove(hold.id());
        Hold done = hold.with(HoldStatus.CAPTURED, c.points());
        changedHolds.add(done);
        restore(returned);
        transfer(c.key(), TransferKind.CAPTURE, account, system(SystemAccountType.REDEEMED, c.partner()),
                c.points(), NONE, captured);
        redeemed = Math.addExact(redeemed, c.points());
        expireDue(c.key());
        settleDebt();
        return done;
    }

    Hold release(LedgerCommand.Release r, Supplier<Optional<Hold>> stored) {
        changing();
        Hold hold = activeHold(r.hold(), stored, "release");
        baseChanged = true;
        activeHolds.remove(hold.id());
        Hold done = hold.with(HoldStatus.RELEASED, 0);
        changedHolds.add(done);
        restore(hold.allocation());
        expireDue(r.key());
        settleDebt();
        return done;
    }

    /** Splits portions into the first {@code points} points and the rest. */
    private static void split(List<LotPortion> portions, long points, List<LotPortion> first, List<LotPortion> rest) {
        long left = points;
        for (LotPortion p : portions) {
            if (left >= p.points()) {
                first.add(p);
                left -= p.points();
            } else if (left > 0) {
                first.add(p.withPoints(left));
                rest.add(p.withPoints(p.points() - left));
                left = 0;
            } else {
                rest.add(p);
            }
        }
    }

    /** Result of a credit reversal. */
    record CreditReversal(long applied, long shortfall, long debtAdded) {
    }

    CreditReversal reverseCredit(OperationKey key, OperationKey original, long points, ReturnPolicy policy,
            AccountRef origin) {
        changing();
        LotId lotId = new LotId(original.value());
        List<LotPortion> portions = new ArrayList<>();
        // 1. What is left of the credit's own lot.
        long fromLot = 0;
        int index = indexOf(lotId);
        if (index >= 0) {
            Lot lot = lots.get(index);
            fromLot = Math.min(points, lot.remaining());
            portions.add(LotPortion.of(lot, fromLot));
            if (fromLot == lot.remaining()) {
                baseChanged = true;
                lots.remove(index);
            } else {
                baseChanged = true;
                lots.set(index, lot.withRemaining(lot.remaining() - fromLot));
            }
        }
        // 2. Its points reserved by active holds are not spent yet: take them out of the holds, or
        //    releasing the hold later would hand them back to the member.
        long fromHolds = takeFromHolds(lotId, points - fromLot, portions);
        // 3. Its points that expired are gone already: never charge them again.
        long gone = points - fromLot - fromHolds;
        long alreadyExpired = Math.min(gone, Math.max(0, counters.containsKey(expiredCounter(lotId))
                ? counters.get(expiredCounter(lotId)).value() : 0));
        if (alreadyExpired > 0) {
            count(List.of(new CounterChange(expiredCounter(lotId), -alreadyExpired,
                    counters.get(expiredCounter(lotId)).until())));
        }
        // 4. The rest was spent: the return policy decides.
        long rest = gone - alreadyExpired;
        long fromOthers = 0;
        if (rest > 0 && policy != ReturnPolicy.UNSPENT_ONLY) {
            fromOthers = Math.min(rest, Math.max(0, available() - debt));
            if (fromOthers > 0) {
                portions.addAll(consume(fromOthers));
            }
        }
        long missing = rest - fromOthers;
        long debtAdded = policy == ReturnPolicy.DEBT ? missing : 0;
        long shortfall = missing - debtAdded + alreadyExpired;
        long moved = fromLot + fromHolds + fromOthers + debtAdded;
        if (moved > 0) {
            transfer(key, TransferKind.CREDIT_REVERSAL, account, origin, moved, Optional.of(original), portions);
        }
        baseChanged = true;
        debt = Math.addExact(debt, debtAdded);
        earned = Math.subtractExact(earned, points);
        return new CreditReversal(moved, shortfall, debtAdded);
    }

    /** Takes up to {@code points} of a lot out of the active holds that reserve them. */
    private long takeFromHolds(LotId lot, long points, List<LotPortion> portions) {
        long taken = 0;
        for (Hold hold : new ArrayList<>(activeHolds.values())) {
            if (taken == points) {
                break;
            }
            List<LotPortion> kept = new ArrayList<>();
            long fromThis = 0;
            for (LotPortion p : hold.allocation()) {
                long take = p.lot().equals(lot) ? Math.min(points - taken - fromThis, p.points()) : 0;
                if (take > 0) {
                    portions.add(p.withPoints(take));
                    fromThis += take;
                }
                if (p.points() > take) {
                    kept.add(p.withPoints(p.points() - take));
                }
            }
            if (fromThis > 0) {
                taken += fromThis;
                long left = hold.points() - fromThis;
                Hold changed = new Hold(hold.id(), hold.member(), left, hold.placedAt(), hold.deadline(),
                        left == 0 ? HoldStatus.RELEASED : HoldStatus.ACTIVE, 0, kept, hold.reference());
                if (left == 0) {
                    baseChanged = true;
                    activeHolds.remove(hold.id());
                } else {
                    baseChanged = true;
                    activeHolds.put(hold.id(), changed);
                }
                changedHolds.add(changed);
            }
        }
        return taken;
    }

    void reverseDebit(OperationKey key, OperationKey original, Transfer debit, long alreadyReversed, long points) {
        changing();
        // Give back the most recently consumed part first: the slice [end - points, end) of the portions.
        long end = debit.points() - alreadyReversed;
        long start = end - points;
        List<LotPortion> slice = new ArrayList<>();
        long offset = 0;
        for (LotPortion p : debit.lots()) {
            long from = Math.max(start, offset);
            long to = Math.min(end, offset + p.points());
            if (to > from) {
                slice.add(p.withPoints(to - from));
            }
            offset += p.points();
        }
        restore(slice);
        transfer(key, TransferKind.DEBIT_REVERSAL, debit.to(), account, points, Optional.of(original), slice);
        if (debit.kind() == TransferKind.ADJUSTMENT) {
            earned = Math.addExact(earned, points);
        } else {
            redeemed = Math.subtractExact(redeemed, points);
        }
        expireDue(key);
        settleDebt();
    }

    void adjust(LedgerCommand.Adjust a) {
        changing();
        AccountRef adjusted = AccountRef.program(SystemAccountType.ADJUSTED);
        if (a.points() > 0) {
            addLot(a.key(), a.points(), now, Optional.empty(), a.expiresAt(), Optional.empty(),
                    TransferKind.ADJUSTMENT, adjusted);
        } else {
            long points = -a.points();
            List<LotPortion> portions = take(points);
            transfer(a.key(), TransferKind.ADJUSTMENT, account, adjusted, points, NONE, portions);
            earned = Math.subtractExact(earned, points);
        }
    }

    Balance balance() {
        return toProjection().balance();
    }

    static OperationRecord record(LedgerCommand command, LedgerReceipt receipt) {
        return new OperationRecord(command, receipt, 0);
    }
}
