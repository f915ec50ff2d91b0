package dev.loyaltykit.examples.postgres;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.ledger.AccountRef;
import dev.loyaltykit.core.ledger.Counter;
import dev.loyaltykit.core.ledger.Hold;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.HoldStatus;
import dev.loyaltykit.core.ledger.Lot;
import dev.loyaltykit.core.ledger.LotId;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.SystemAccountType;
import dev.loyaltykit.core.ledger.Transfer;
import dev.loyaltykit.core.ledger.TransferId;
import dev.loyaltykit.core.ledger.TransferKind;
import dev.loyaltykit.core.spi.CommitStatus;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.spi.LedgerCommit;
import dev.loyaltykit.core.spi.LedgerRead;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.OperationRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * A {@link LedgerStore} over PostgreSQL (JDBC), for hosts that run several application
 * instances against one database. The schema is created by the Flyway migrations under
 * {@code db/migration} ({@link PostgresSchema#migrate(DataSource)}).
 *
 * <pre>{@code
 * HikariDataSource pool = new HikariDataSource(config);
 * PostgresSchema.migrate(pool);
 * LoyaltyProgram program = LoyaltyProgram.builder(definition)
 *         .ledgerStore(new PostgresLedgerStore(pool))
 *         .memberStore(new PostgresMemberStore(pool))
 *         .sharedCounters(new PostgresSharedCounters(pool))
 *         .build();
 * }</pre>
 *
 * <p>An operation costs two round trips. {@link #read(MemberId, Collection)} is one statement
 * (a {@code UNION ALL} over the members' ledger rows, lots, active holds and the asked-for
 * operation records), so it reads one snapshot: never half of a commit. A
 * {@link PostgresMemberStore} given the same {@code DataSource} object sends its read of the
 * member in the same round trip ({@link PostgresMemberStore#findWithLedger}), so that a purchase
 * on an active member does not cost a third. A member's counters are
 * a column of its ledger row (JSON, since migration V7: a purchase changes about six of them, and
 * one row each cost more than the rest of the commit's rows). A commit (or a batch of
 * them, {@link #commitAll(List)}) is one round trip in auto-commit mode, which PostgreSQL runs as
 * one implicit transaction (READ COMMITTED is enough): first the version check per member, in
 * member order ({@code UPDATE lk_ledger ... WHERE version = ?}, or {@code INSERT ... ON CONFLICT
 * DO NOTHING} for a member's first commit), which moves the member's version on (and writes its
 * counters if the commit changed any) and locks its row, or, having written no row, calls
 * {@code lk_version_conflict()}, which raises
 * SQLSTATE {@code LK409}: the version is not the one read, and everything is rolled back (reported
 * as {@link CommitStatus#VERSION_CONFLICT}); then only the changed lots and active holds,
 * the transfers, operation records, holds, each system account's net change to one
 * stripe of its total, and the events into the outbox ({@code lk_outbox}, delivered by
 * {@link OutboxRelay}). Serialization failures and deadlocks (SQLSTATE 40001, 40P01) are retried
 * a few times, then reported as a version conflict, so the ledger retries with a fresh read.
 *
 * <p>Values the schema cannot hold (an id longer than its column, an instant beyond the year
 * 294276) are reported as {@link InvalidArgumentException} and nothing is written; failures of
 * the database itself as {@link StoreUnavailableException}.
 *
 * <p>Members with many open lots (a frequent buyer in a program whose points do not expire
 * soon) would make every read send all of them. So the store keeps the states of the members it
 * used last ({@value #DEFAULT_KEPT_STATES} by default, {@link #PostgresLedgerStore(DataSource, int)})
 * with the tag of the ledger row they belong to: its version and {@code xmin}, the transaction
 * that wrote it. A read sends the tag, and the database leaves the lots, holds and counters out
 * when the row still carries it (the state kept is then the stored one: they only change with
 * the row); otherwise it sends them as before. A kept state is never served stale, whichever
 * instance committed last; it only saves rows. Restart the instances after restoring the
 * database from a backup (as for any cache of it).
 *
 * <p>This class is thread-safe.
 */
public final class PostgresLedgerStore implements LedgerStore {
    /**
     * Stripes per system account: a commit adds its change of each system account to one row, the
     * stripe of its (first) member, so commits of members in different stripes never share a row.
     */
    static final int STRIPES = 16;
    private static final int MAX_ATTEMPTS = 3;
    private static final String PROGRAM = "";
    private static final String MEMBER_KIND = "MEMBER";

    /** How many members' states a store keeps by default. */
    public static final int DEFAULT_KEPT_STATES = 1000;

    private final Jdbc jdbc;
    private final StateCache cache;

    /**
     * Creates a store over a data source whose schema is migrated, keeping the states of the
     * {@value #DEFAULT_KEPT_STATES} members used last.
     *
     * @param dataSource the data source, typically a connection pool
     */
    public PostgresLedgerStore(DataSource dataSource) {
        this(dataSource, DEFAULT_KEPT_STATES);
    }

    /**
     * Creates a store over a data source whose schema is migrated, keeping the states of the
     * members used last (see the class comment: a kept state is used only while the database
     * still holds it, so this trades memory for rows not sent, never freshness).
     *
     * @param dataSource the data source, typically a connection pool
     * @param keptStates how many members' states to keep; 0 reads every state whole
     * @throws InvalidArgumentException if {@code keptStates} is negative
     */
    public PostgresLedgerStore(DataSource dataSource, int keptStates) {
        if (keptStates < 0) {
            throw new InvalidArgumentException("keptStates", "must not be negative, but was " + keptStates);
        }
        this.jdbc = new Jdbc(dataSource, MAX_ATTEMPTS);
        this.cache = new StateCache(keptStates);
    }

    // ---- reads ------------------------------------------------------------------------------

    /**
     * One member's ledger row (with its tag, {@code xmin}, and counters), lots, active holds and the
     * record of at most one operation key (NULL for none), as one statement: one snapshot. The
     * lots, holds and counters are left out when the ledger row still has the version and tag of
     * the state this store keeps for the member ({@link StateCache}; version -1 for none).
     */
    private static final String READ_ONE = ""
            + "WITH kept AS (SELECT EXISTS (SELECT 1 FROM lk_ledger WHERE member_id = ? AND version = ? "
            + "AND CAST(xmin AS TEXT) = ?) AS same) "
            + "SELECT 'L' AS kind, member_id AS mid, CAST(NULL AS VARCHAR(200)) AS id, as_of AS t1, "
            + "CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS t2, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS t3, "
            + "version AS n1, next_sequence AS n2, debt AS n3, lifetime_earned AS n4, lifetime_redeemed AS n5, "
            + "lifetime_expired AS n6, CAST(CAST(xmin AS TEXT) AS VARCHAR(200)) AS s1, CAST(NULL AS VARCHAR(200)) AS s2, "
            + "CAST(NULL AS TEXT) AS s3, CASE WHEN (SELECT same FROM kept) THEN NULL ELSE counters END AS s4, "
            + "CAST(NULL AS TEXT) AS s5 "
            + "FROM lk_ledger WHERE member_id = ? "
            + "UNION ALL "
            + "SELECT 'T', member_id, lot_id, earned_at, available_from, expires_at, points, remaining, NULL, NULL, "
            + "NULL, NULL, partner_id, NULL, NULL, NULL, NULL FROM lk_lot WHERE member_id = ? "
            + "AND NOT (SELECT same FROM kept) "
            + "UNION ALL "
            + "SELECT 'H', member_id, hold_id, placed_at, deadline, NULL, points, captured, NULL, NULL, NULL, NULL, "
            + "status, reference, allocation, NULL, NULL FROM lk_active_hold WHERE member_id = ? "
            + "AND NOT (SELECT same FROM kept) "
            + "UNION ALL "
            + "SELECT 'O', o.member_id, o.op_key, NULL, NULL, NULL, o.reversed, NULL, NULL, NULL, NULL, NULL, NULL, "
            + "NULL, o.fingerprint, o.command, o.receipt FROM lk_operation o "
            + "WHERE o.member_id = ? AND o.op_key = ?";

    /** {@link #READ_ONE} for several keys (an array). */
    private static final String READ_ONE_MANY_KEYS = READ_ONE.replace("o.op_key = ?", "o.op_key = ANY (?)");

    @Override
    public MemberLedger load(MemberId member) {
        return read(member, List.of()).state();
    }

    /** One statement, so one snapshot: the state and the records as of the same instant. */
    @Override
    public LedgerRead read(MemberId member, Collection<OperationKey> keys) {
        Objects.requireNonNull(member, "member");
        if (keys.size() > 1) {
            return readAll(Map.of(member, keys)).get(member);
        }
        // One member and at most one key, the common case: scalar parameters instead of arrays, so
        // that PostgreSQL settles on one cached plan instead of planning the statement every time
        // (with array parameters it keeps re-planning: a third of the read's time).
        StateCache.Entry kept = cache.get(member);
        Map<String, StateRows> rows = jdbc.read("read ledger of member " + member, c -> {
            try (PreparedStatement ps = c.prepareStatement(READ_ONE)) {
                bindReadOne(c, ps, 1, member, keys, kept);
                try (ResultSet rs = ps.executeQuery()) {
                    return readRows(rs);
                }
            }
        });
        return toRead(member, keys, rows.get(member.value()), kept);
    }

    /** A statement of another store's, sent in the same round trip before a ledger read. */
    interface Prefix<T> {
        /** The statement, with parameters; it must return one result set. */
        String sql();

        /** Binds the statement's parameters from {@code index}; returns the next index. */
        int bind(PreparedStatement ps, int index) throws SQLException;

        /** Reads the statement's rows. */
        T read(ResultSet rs) throws SQLException;
    }

    /** What a prefix statement read, and the ledger read after it in the same round trip. */
    record WithLedger<T>(T first, LedgerRead ledger) {
    }

    /** Whether this store's data source is {@code jdbc}'s: whether a read can share its round trips. */
    boolean sharesDatabaseWith(Jdbc other) {
        return jdbc.sameDataSource(other);
    }

    /**
     * As {@link #read(MemberId, Collection)}, in one round trip with a statement of another
     * store's sent before it (each statement its own snapshot): a member's record, say, so that
     * an operation on an active member reads once ({@link PostgresMemberStore#findWithLedger}).
     */
    <T> WithLedger<T> readAfter(Prefix<T> first, MemberId member, Collection<OperationKey> keys) {
        Objects.requireNonNull(member, "member");
        StateCache.Entry kept = cache.get(member);
        String sql = first.sql() + ";\n" + (keys.size() > 1 ? READ_ONE_MANY_KEYS : READ_ONE);
        return jdbc.read("read member and ledger of member " + member, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindReadOne(c, ps, first.bind(ps, 1), member, keys, kept);
                if (!ps.execute()) {
                    throw new SQLException("the statement before the ledger read returned no rows");
                }
                T firstRows;
                try (ResultSet rs = ps.getResultSet()) {
                    firstRows = first.read(rs);
                }
                if (!ps.getMoreResults()) {
                    throw new SQLException("the ledger read returned no rows");
                }
                try (ResultSet rs = ps.getResultSet()) {
                    return new WithLedger<>(firstRows, toRead(member, keys, readRows(rs).get(member.value()), kept));
                }
            }
        });
    }

    /** The read of a member from its rows, or from the state kept if the ledger row still has its tag. */
    private LedgerRead toRead(MemberId member, Collection<OperationKey> keys, StateRows r, StateCache.Entry kept) {
        Set<OperationKey> asked = Set.copyOf(keys);
        if (r == null) {
            return new LedgerRead(MemberLedger.empty(member), Map.of(), asked);
        }
        if (kept != null && r.found && r.version == kept.state().version() && r.xmin.equals(kept.xmin())) {
            return new LedgerRead(kept.state(), r.operations, asked);
        }
        LedgerRead read = r.toRead(member, asked);
        if (r.found) {
            cache.put(read.state(), r.xmin);
        }
        return read;
    }

    /**
     * All members in one round trip: one statement per member (each its own snapshot, which is
     * all a member's operations need), sent together. One statement over all members with array
     * parameters would be one snapshot too, but PostgreSQL plans it anew each time and, on tables
     * whose statistics lag behind their growth, with sequential scans.
     */
    @Override
    public Map<MemberId, LedgerRead> readAll(Map<MemberId, ? extends Collection<OperationKey>> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<MemberId> members = new ArrayList<>(keys.keySet());
        Map<MemberId, StateCache.Entry> kept = new HashMap<>();
        for (MemberId member : members) {
            kept.put(member, cache.get(member));
        }
        StringBuilder sql = new StringBuilder();
        for (MemberId member : members) {
            sql.append(sql.length() == 0 ? "" : ";\n").append(keys.get(member).size() > 1 ? READ_ONE_MANY_KEYS : READ_ONE);
        }
        Map<String, StateRows> rows = jdbc.read("read ledgers of " + members.size() + " members", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                for (MemberId member : members) {
                    i = bindReadOne(c, ps, i, member, keys.get(member), kept.get(member));
                }
                Map<String, StateRows> all = new HashMap<>();
                boolean hasResult = ps.execute();
                while (hasResult || ps.getUpdateCount() != -1) {
                    if (hasResult) {
                        try (ResultSet rs = ps.getResultSet()) {
                            all.putAll(readRows(rs));
                        }
                    }
                    hasResult = ps.getMoreResults();
                }
                return all;
            }
        });
        Map<MemberId, LedgerRead> reads = new LinkedHashMap<>();
        for (MemberId member : members) {
            reads.put(member, toRead(member, keys.get(member), rows.get(member.value()), kept.get(member)));
        }
        return reads;
    }

    /**
     * Binds {@link #READ_ONE} (at most one key) or {@link #READ_ONE_MANY_KEYS} from {@code index},
     * with the tag of the state kept (or none); returns the next index.
     */
    private static int bindReadOne(Connection c, PreparedStatement ps, int index, MemberId member,
            Collection<OperationKey> keys, StateCache.Entry kept) throws SQLException {
        ps.setString(index, member.value());
        ps.setLong(index + 1, kept == null ? -1 : kept.state().version());
        ps.setString(index + 2, kept == null ? null : kept.xmin());
        for (int i = 3; i < 7; i++) {
            ps.setString(index + i, member.value());
        }
        if (keys.size() > 1) {
            ps.setArray(index + 7, c.createArrayOf("varchar", keys.stream().map(OperationKey::value).toArray()));
        } else {
            ps.setString(index + 7, keys.isEmpty() ? null : keys.iterator().next().value());
        }
        return index + 8;
    }

    /** The rows read for one member. */
    private static final class StateRows {
        boolean found;
        String xmin;
        long version;
        long nextSequence;
        long debt;
        long earned;
        long redeemed;
        long expired;
        Instant asOf;
        final List<Lot> lots = new ArrayList<>();
        final List<ResultRowHold> holds = new ArrayList<>();
        final List<Counter> counters = new ArrayList<>();
        final Map<OperationKey, OperationRecord> operations = new HashMap<>();

        LedgerRead toRead(MemberId member, Set<OperationKey> keys) {
            if (!found) {
                // Rows without a ledger row cannot exist: they are written in the same transaction.
                return new LedgerRead(MemberLedger.empty(member), operations, keys);
            }
            List<Hold> active = new ArrayList<>(holds.size());
            for (ResultRowHold h : holds) {
                active.add(h.toHold(member));
            }
            return new LedgerRead(MemberLedger.of(member, version, nextSequence, asOf, lots, active, debt, earned,
                    redeemed, expired, counters), operations, keys);
        }
    }

    /** An active hold as read, before its member is known as an id. */
    private record ResultRowHold(HoldId id, long points, Instant placedAt, Instant deadline, HoldStatus status,
            long captured, String allocation, Optional<String> reference) {
        Hold toHold(MemberId member) {
            return new Hold(id, member, points, placedAt, deadline, status, captured,
                    LedgerCodec.readPortions(allocation), reference);
        }
    }

    private static Map<String, StateRows> readRows(ResultSet rs) throws SQLException {
        Map<String, StateRows> byMember = new HashMap<>();
        while (rs.next()) {
            StateRows r = byMember.computeIfAbsent(rs.getString("mid"), m -> new StateRows());
            String kind = rs.getString("kind");
            switch (kind) {
                case "L":
                    r.found = true;
                    r.xmin = rs.getString("s1");
                    r.asOf = Jdbc.getInstant(rs, "t1");
                    r.version = Jdbc.getLong(rs, "n1");
                    r.nextSequence = Jdbc.getLong(rs, "n2");
                    r.debt = Jdbc.getLong(rs, "n3");
                    r.earned = Jdbc.getLong(rs, "n4");
                    r.redeemed = Jdbc.getLong(rs, "n5");
                    r.expired = Jdbc.getLong(rs, "n6");
                    String counters = rs.getString("s4");
                    if (counters != null) {
                        r.counters.addAll(LedgerCodec.readCounters(counters));
                    }
                    break;
                case "T":
                    r.lots.add(new Lot(new LotId(rs.getString("id")), Jdbc.getInstant(rs, "t1"),
                            Jdbc.getInstant(rs, "t2"), Optional.ofNullable(Jdbc.getInstant(rs, "t3")),
                            Optional.ofNullable(rs.getString("s1")).map(PartnerId::of), Jdbc.getLong(rs, "n1"),
                            Jdbc.getLong(rs, "n2")));
                    break;
                case "H":
                    r.holds.add(new ResultRowHold(new HoldId(rs.getString("id")), Jdbc.getLong(rs, "n1"),
                            Jdbc.getInstant(rs, "t1"), Jdbc.getInstant(rs, "t2"), HoldStatus.valueOf(rs.getString("s1")),
                            Jdbc.getLong(rs, "n2"), rs.getString("s3"), Optional.ofNullable(rs.getString("s2"))));
                    break;
                case "O":
                    r.operations.put(OperationKey.of(rs.getString("id")), new OperationRecord(
                            LedgerCodec.readCommand(rs.getString("s4")), rs.getString("s3"),
                            LedgerCodec.readReceipt(rs.getString("s5")), Jdbc.getLong(rs, "n1")));
                    break;
                default:
                    throw new IllegalStateException("unexpected row kind " + kind);
            }
        }
        return byMember;
    }

    @Override
    public Optional<OperationRecord> findOperation(MemberId member, OperationKey key) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(key, "key");
        return jdbc.read("find operation " + key + " of member " + member, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT fingerprint, command, receipt, reversed FROM lk_operation WHERE member_id = ? AND op_key = ?")) {
                ps.setString(1, member.value());
                ps.setString(2, key.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new OperationRecord(LedgerCodec.readCommand(rs.getString("command")),
                            rs.getString("fingerprint"), LedgerCodec.readReceipt(rs.getString("receipt")),
                            Jdbc.getLong(rs, "reversed")));
                }
            }
        });
    }

    @Override
    public Optional<Hold> findHold(MemberId member, HoldId hold) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(hold, "hold");
        return jdbc.read("find hold " + hold + " of member " + member, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT hold_id, points, placed_at, deadline, status, "
                    + "captured, reference, allocation FROM lk_hold WHERE member_id = ? AND hold_id = ?")) {
                ps.setString(1, member.value());
                ps.setString(2, hold.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Hold(hold, member, Jdbc.getLong(rs, "points"),
                            Jdbc.getInstant(rs, "placed_at"), Jdbc.getInstant(rs, "deadline"),
                            HoldStatus.valueOf(rs.getString("status")), Jdbc.getLong(rs, "captured"),
                            LedgerCodec.readPortions(rs.getString("allocation")),
                            Optional.ofNullable(rs.getString("reference"))));
                }
            }
        });
    }

    @Override
    public List<Transfer> history(MemberId member, long beforeSequence, int limit) {
        Objects.requireNonNull(member, "member");
        if (limit < 1) {
            throw new InvalidArgumentException("limit", "must be positive, but was " + limit);
        }
        if (beforeSequence <= 1) {
            return List.of();
        }
        return jdbc.read("read history of member " + member, c -> {
            // Keyset paging on the primary key: no OFFSET, each page costs the same.
            try (PreparedStatement ps = c.prepareStatement("SELECT sequence, op_key, kind, from_kind, from_ref, "
                    + "to_kind, to_ref, points, at, reverses, lots FROM lk_transfer "
                    + "WHERE member_id = ? AND sequence < ? ORDER BY sequence DESC FETCH FIRST ? ROWS ONLY")) {
                ps.setString(1, member.value());
                ps.setLong(2, beforeSequence);
                ps.setInt(3, limit);
                List<Transfer> page = new ArrayList<>(Math.min(limit, 64));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(new Transfer(new TransferId(member, Jdbc.getLong(rs, "sequence")),
                                OperationKey.of(rs.getString("op_key")), TransferKind.valueOf(rs.getString("kind")),
                                account(rs.getString("from_kind"), rs.getString("from_ref")),
                                account(rs.getString("to_kind"), rs.getString("to_ref")), Jdbc.getLong(rs, "points"),
                                Jdbc.getInstant(rs, "at"),
                                Optional.ofNullable(rs.getString("reverses")).map(OperationKey::of),
                                LedgerCodec.readPortions(rs.getString("lots"))));
                    }
                }
                return page;
            }
        });
    }

    @Override
    public long systemBalance(AccountRef.SystemAccount account) {
        Objects.requireNonNull(account, "account");
        return jdbc.read("read balance of " + account, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(total), 0) FROM lk_system_total "
                    + "WHERE account_type = ? AND partner_id = ?")) {
                ps.setString(1, account.type().name());
                ps.setString(2, account.partner().map(PartnerId::value).orElse(PROGRAM));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<MemberId> members(Optional<MemberId> after, int limit) {
        return list(after, limit, null);
    }

    /**
     * Only the members whose ledger row's {@code next_due_at} (written by every commit, migration
     * V6) is not after {@code now}: a nightly run reads only the members with work due.
     */
    @Override
    public List<MemberId> membersDue(Instant now, Optional<MemberId> after, int limit) {
        return list(after, limit, Objects.requireNonNull(now, "now"));
    }

    /** Members in id order after {@code after}; with {@code dueAt}, only those with work due then. */
    private List<MemberId> list(Optional<MemberId> after, int limit, Instant dueAt) {
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new InvalidArgumentException("limit", "must be positive, but was " + limit);
        }
        return jdbc.read(dueAt == null ? "list ledger members" : "list ledger members with work due", c -> {
            List<String> conditions = new ArrayList<>();
            if (after.isPresent()) {
                conditions.add("member_id > ?");
            }
            if (dueAt != null) {
                conditions.add("next_due_at <= ?");
            }
            String sql = "SELECT member_id FROM lk_ledger" + (conditions.isEmpty() ? "" : " WHERE "
                    + String.join(" AND ", conditions)) + " ORDER BY member_id FETCH FIRST ? ROWS ONLY";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (after.isPresent()) {
                    ps.setString(i++, after.get().value());
                }
                if (dueAt != null) {
                    Jdbc.setBound(ps, i++, dueAt);
                }
                ps.setInt(i, limit);
                List<MemberId> ids = new ArrayList<>(Math.min(limit, 1024));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(MemberId.of(rs.getString(1)));
                    }
                }
                return ids;
            }
        });
    }

    /**
     * The system accounts that have a total, for reports and tests.
     *
     * @return the accounts, ordered by type and partner
     */
    public List<AccountRef.SystemAccount> systemAccounts() {
        return jdbc.read("list system accounts", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT account_type, partner_id "
                    + "FROM lk_system_total ORDER BY account_type, partner_id");
                    ResultSet rs = ps.executeQuery()) {
                List<AccountRef.SystemAccount> accounts = new ArrayList<>();
                while (rs.next()) {
                    accounts.add((AccountRef.SystemAccount) account(rs.getString(1), rs.getString(2)));
                }
                return accounts;
            }
        });
    }

    // ---- commit -----------------------------------------------------------------------------

    @Override
    public CommitStatus commit(LedgerCommit commit) {
        Objects.requireNonNull(commit, "commit");
        return commitAll(List.of(commit));
    }

    /** All commits in one transaction of one round trip; see the class comment. */
    @Override
    public CommitStatus commitAll(List<LedgerCommit> commits) {
        List<LedgerCommit> sorted = new ArrayList<>(commits);
        // One order for every transaction: member rows are locked in id order, so two batches
        // never wait for each other in a cycle.
        sorted.sort(java.util.Comparator.comparing(c -> c.state().member()));
        List<Delta> deltas = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Delta delta = Delta.of(sorted.get(i));
            checkFits(delta);
            deltas.add(delta);
            if (i > 0 && sorted.get(i - 1).state().member().equals(sorted.get(i).state().member())) {
                throw new IllegalArgumentException("two commits of member " + sorted.get(i).state().member()
                        + " in one batch");
            }
        }
        if (sorted.isEmpty()) {
            return CommitStatus.COMMITTED;
        }
        String what = sorted.size() == 1 ? "commit ledger of member " + sorted.get(0).state().member()
                : "commit ledgers of " + sorted.size() + " members";
        try {
            return jdbc.oneRoundTrip(what, c -> write(c, deltas, cache));
        } catch (Jdbc.RetriesExhausted e) {
            // Rolled back each time: nothing written. The ledger re-reads and tries again.
            return CommitStatus.VERSION_CONFLICT;
        } catch (StoreUnavailableException e) {
            if (VERSION_CONFLICT.equals(e.sqlState())) {
                // A member's version moved: the implicit transaction was rolled back, nothing written.
                return CommitStatus.VERSION_CONFLICT;
            }
            if (DIFFERENT_RECORD.equals(e.sqlState())) {
                throw new IllegalStateException("an operation of the commit is already recorded with other content", e);
            }
            throw e;
        }
    }

    /**
     * A member's first ledger row, or nothing if another commit wrote it first; then
     * {@code lk_version_conflict()} raises {@link #VERSION_CONFLICT} and the round trip is rolled
     * back (COALESCE evaluates it only then). Selects the row's tag.
     */
    private static final String INSERT_LEDGER = "WITH w AS (INSERT INTO lk_ledger (member_id, version, next_sequence, "
            + "as_of, debt, lifetime_earned, lifetime_redeemed, lifetime_expired, next_due_at, counters) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(CAST(? AS TEXT), '[]')) ON CONFLICT (member_id) DO NOTHING "
            + "RETURNING CAST(xmin AS TEXT) AS tag) SELECT COALESCE((SELECT tag FROM w), lk_version_conflict())";

    /**
     * Moves a member's ledger row on if it still has the version read (and locks it), writing the
     * counters unless NULL; else as {@link #INSERT_LEDGER}. Selects the row's tag.
     */
    private static final String UPDATE_LEDGER = "WITH w AS (UPDATE lk_ledger SET version = ?, next_sequence = ?, "
            + "as_of = ?, debt = ?, lifetime_earned = ?, lifetime_redeemed = ?, lifetime_expired = ?, next_due_at = ?, "
            + "counters = COALESCE(CAST(? AS TEXT), counters) WHERE member_id = ? AND version = ? "
            + "RETURNING CAST(xmin AS TEXT) AS tag) SELECT COALESCE((SELECT tag FROM w), lk_version_conflict())";

    /** SQLSTATE raised by lk_version_conflict when a member's version is not the expected one. */
    private static final String VERSION_CONFLICT = "LK409";
    /** SQLSTATE raised by lk_same_fingerprint when a record would be replaced by another operation's. */
    private static final String DIFFERENT_RECORD = "LK422";

    /** What one commit changes, worked out once (each of LedgerCommit's diffs walks the whole state). */
    private record Delta(LedgerCommit commit, List<Lot> lots, List<LotId> lotsGone, List<Hold> active,
            List<HoldId> activeGone, List<Counter> counters, List<String> countersGone) {
        static Delta of(LedgerCommit c) {
            return new Delta(c, c.lotsWritten(), c.lotsRemoved(), c.activeHoldsWritten(), c.activeHoldsRemoved(),
                    c.countersWritten(), c.countersRemoved());
        }
    }

    private static CommitStatus write(Connection c, List<Delta> deltas, StateCache cache) throws SQLException {
        Script script = new Script();
        // First the version checks: each advances a member's row and locks it, or raises LK409 and
        // the whole round trip is rolled back. Each returns the row's new tag.
        for (Delta delta : deltas) {
            LedgerCommit commit = delta.commit();
            MemberLedger s = commit.state();
            // The counters are a column of the ledger row: all of them when the commit changed any, else NULL (kept).
            String counters = delta.counters().isEmpty() && delta.countersGone().isEmpty() ? null
                    : LedgerCodec.writeCounters(s.counters().values());
            script.add(commit.expectedVersion() == 0 ? INSERT_LEDGER : UPDATE_LEDGER, (ps, i) -> {
                int at = i;
                if (commit.expectedVersion() == 0) {
                    ps.setString(at++, s.member().value());
                }
                ps.setLong(at, s.version());
                ps.setLong(at + 1, s.nextSequence());
                Jdbc.setInstant(ps, at + 2, "asOf", s.asOf());
                ps.setLong(at + 3, s.debt());
                ps.setLong(at + 4, s.lifetimeEarned());
                ps.setLong(at + 5, s.lifetimeRedeemed());
                ps.setLong(at + 6, s.lifetimeExpired());
                Jdbc.setBound(ps, at + 7, s.nextDueAt());
                ps.setString(at + 8, counters);
                at += 9;
                if (commit.expectedVersion() != 0) {
                    ps.setString(at++, s.member().value());
                    ps.setLong(at++, commit.expectedVersion());
                }
                return at;
            });
        }
        // Then only what changed: the member rows are locked, nothing below races with another commit of them.
        List<Member<LotId>> lotsGone = new ArrayList<>();
        List<Member<Lot>> lots = new ArrayList<>();
        List<Member<HoldId>> activeGone = new ArrayList<>();
        List<Member<Hold>> active = new ArrayList<>();
        List<Member<Transfer>> transfers = new ArrayList<>();
        List<Member<OperationRecord>> records = new ArrayList<>();
        List<Member<Hold>> holds = new ArrayList<>();
        List<LoyaltyEvent> events = new ArrayList<>();
        List<LedgerCommit> commits = new ArrayList<>(deltas.size());
        for (Delta delta : deltas) {
            LedgerCommit commit = delta.commit();
            commits.add(commit);
            String m = commit.state().member().value();
            delta.lotsGone().forEach(x -> lotsGone.add(new Member<>(m, x)));
            delta.lots().forEach(x -> lots.add(new Member<>(m, x)));
            delta.activeGone().forEach(x -> activeGone.add(new Member<>(m, x)));
            delta.active().forEach(x -> active.add(new Member<>(m, x)));
            commit.transfers().forEach(x -> transfers.add(new Member<>(m, x)));
            lastOfEach(commit.operations(), r -> r.command().key()).forEach(x -> records.add(new Member<>(m, x)));
            lastOfEach(commit.holds(), Hold::id).forEach(x -> holds.add(new Member<>(m, x)));
            events.addAll(commit.events());
        }
        deleteRows(script, "lk_lot", "lot_id", lotsGone, LotId::value);
        deleteRows(script, "lk_active_hold", "hold_id", activeGone, HoldId::value);
        addLots(script, lots);
        addHolds(script, "lk_active_hold", active);
        addTransfers(script, transfers);
        addOperations(script, records);
        addHolds(script, "lk_hold", holds);
        addToSystemTotals(script, commits);
        addEvents(script, events);
        script.execute(c);
        // Committed (the round trip ran without error): the new states are the stored ones.
        for (int i = 0; i < deltas.size(); i++) {
            Delta d = deltas.get(i);
            cache.put(StateCache.asStored(d.commit().state(), d.lots(), d.active(), d.counters()), script.selected(i));
        }
        return CommitStatus.COMMITTED;
    }

    /** A row of one member's. */
    private record Member<T>(String member, T row) {
    }

    /** The last item for each key, in the order of last occurrence: a multi-row upsert must not touch a row twice. */
    private static <T, K> List<T> lastOfEach(List<T> items, java.util.function.Function<T, K> key) {
        Map<K, T> last = new LinkedHashMap<>();
        for (T item : items) {
            K k = key.apply(item);
            last.remove(k);
            last.put(k, item);
        }
        return new ArrayList<>(last.values());
    }

    private static <T> void deleteRows(Script script, String table, String column, List<Member<T>> rows,
            java.util.function.Function<T, String> id) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> members = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Member<T> r : rows) {
            members.add(r.member());
            ids.add(id.apply(r.row()));
        }
        script.add("DELETE FROM " + table + " t USING unnest(CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[])) AS g (m, k) "
                + "WHERE t.member_id = g.m AND t." + column + " = g.k", (ps, i) -> {
                    ps.setArray(i, ps.getConnection().createArrayOf("varchar", members.toArray()));
                    ps.setArray(i + 1, ps.getConnection().createArrayOf("varchar", ids.toArray()));
                    return i + 2;
                });
    }

    private static void addLots(Script script, List<Member<Lot>> lots) {
        // PostgreSQL: ON CONFLICT (MERGE in standard SQL).
        script.addRows("INSERT INTO lk_lot (member_id, lot_id, earned_at, available_from, expires_at, partner_id, "
                + "points, remaining)", "(?, ?, ?, ?, ?, ?, ?, ?)", " ON CONFLICT (member_id, lot_id) DO UPDATE SET "
                + "earned_at = EXCLUDED.earned_at, available_from = EXCLUDED.available_from, "
                + "expires_at = EXCLUDED.expires_at, partner_id = EXCLUDED.partner_id, points = EXCLUDED.points, "
                + "remaining = EXCLUDED.remaining", lots, (ps, i, r) -> {
                    Lot lot = r.row();
                    ps.setString(i, r.member());
                    ps.setString(i + 1, lot.id().value());
                    Jdbc.setInstant(ps, i + 2, "earnedAt", lot.earnedAt());
                    Jdbc.setInstant(ps, i + 3, "availableFrom", lot.availableFrom());
                    Jdbc.setInstant(ps, i + 4, "expiresAt", lot.expiresAt().orElse(null));
                    ps.setString(i + 5, lot.partner().map(PartnerId::value).orElse(null));
                    ps.setLong(i + 6, lot.points());
                    ps.setLong(i + 7, lot.remaining());
                    return i + 8;
                });
    }

    /** Upserts holds into lk_hold (every hold) or lk_active_hold (the state's active ones). */
    private static void addHolds(Script script, String table, List<Member<Hold>> holds) {
        script.addRows("INSERT INTO " + table + " (member_id, hold_id, points, placed_at, deadline, status, captured, "
                + "reference, allocation)", "(?, ?, ?, ?, ?, ?, ?, ?, ?)", " ON CONFLICT (member_id, hold_id) DO UPDATE "
                + "SET points = EXCLUDED.points, placed_at = EXCLUDED.placed_at, deadline = EXCLUDED.deadline, "
                + "status = EXCLUDED.status, captured = EXCLUDED.captured, reference = EXCLUDED.reference, "
                + "allocation = EXCLUDED.allocation", holds, (ps, i, r) -> {
                    Hold h = r.row();
                    ps.setString(i, r.member());
                    ps.setString(i + 1, h.id().value());
                    ps.setLong(i + 2, h.points());
                    Jdbc.setInstant(ps, i + 3, "placedAt", h.placedAt());
                    Jdbc.setInstant(ps, i + 4, "deadline", h.deadline());
                    ps.setString(i + 5, h.status().name());
                    ps.setLong(i + 6, h.captured());
                    ps.setString(i + 7, h.reference().orElse(null));
                    ps.setString(i + 8, LedgerCodec.writePortions(h.allocation()));
                    return i + 9;
                });
    }

    private static void addTransfers(Script script, List<Member<Transfer>> transfers) {
        script.addRows("INSERT INTO lk_transfer (member_id, sequence, op_key, kind, from_kind, from_ref, to_kind, "
                + "to_ref, points, at, reverses, lots)", "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "", transfers,
                (ps, i, r) -> {
                    Transfer t = r.row();
                    ps.setString(i, r.member());
                    ps.setLong(i + 1, t.id().sequence());
                    ps.setString(i + 2, t.key().value());
                    ps.setString(i + 3, t.kind().name());
                    ps.setString(i + 4, kind(t.from()));
                    ps.setString(i + 5, ref(t.from()));
                    ps.setString(i + 6, kind(t.to()));
                    ps.setString(i + 7, ref(t.to()));
                    ps.setLong(i + 8, t.points());
                    Jdbc.setInstant(ps, i + 9, "at", t.at());
                    ps.setString(i + 10, t.reverses().map(OperationKey::value).orElse(null));
                    ps.setString(i + 11, LedgerCodec.writePortions(t.lots()));
                    return i + 12;
                });
    }

    /**
     * PostgreSQL: ON CONFLICT. A record is replaced only by one with the same fingerprint (a
     * reversal updating "reversed"); one with other content raises LK422 and rolls the commit back.
     */
    private static void addOperations(Script script, List<Member<OperationRecord>> records) {
        script.addRows("INSERT INTO lk_operation (member_id, op_key, fingerprint, command, receipt, reversed)",
                "(?, ?, ?, ?, ?, ?)", " ON CONFLICT (member_id, op_key) DO UPDATE SET "
                        + "fingerprint = lk_same_fingerprint(lk_operation.fingerprint, EXCLUDED.fingerprint), "
                        + "command = EXCLUDED.command, receipt = EXCLUDED.receipt, reversed = EXCLUDED.reversed",
                records, (ps, i, r) -> {
                    OperationRecord record = r.row();
                    ps.setString(i, r.member());
                    ps.setString(i + 1, record.command().key().value());
                    ps.setString(i + 2, record.fingerprint());
                    ps.setString(i + 3, LedgerCodec.writeCommand(record.command()));
                    ps.setString(i + 4, LedgerCodec.writeReceipt(record.receipt()));
                    ps.setLong(i + 5, record.reversed());
                    return i + 6;
                });
    }

    /**
     * Adds the net change of each system account to one stripe of it, the first committing member's,
     * in one order for every transaction (by account, then stripe), so two commits never wait for
     * each other in a cycle.
     */
    private static void addToSystemTotals(Script script, List<LedgerCommit> commits) {
        if (commits.isEmpty()) {
            return;
        }
        Map<String, AccountRef.SystemAccount> accounts = new HashMap<>();
        Map<String, Long> net = new TreeMap<>();
        // One stripe for the whole commit, its first member's: a batch of ten members adds to one
        // row per system account instead of up to ten (157 -> about 30 us of the server's time per
        // batch), and two batches share a row as rarely as two single commits do.
        int stripe = stripe(commits.get(0).state().member());
        for (LedgerCommit commit : commits) {
            for (Transfer t : commit.transfers()) {
                for (AccountRef side : List.of(t.from(), t.to())) {
                    if (side instanceof AccountRef.SystemAccount s) {
                        String sortKey = s.type().name() + '\u0000' + s.partner().map(PartnerId::value).orElse(PROGRAM)
                                + '\u0000' + (char) ('A' + stripe);
                        accounts.put(sortKey, s);
                        net.merge(sortKey, t.effectOn(s), Math::addExact);
                    }
                }
            }
        }
        List<Map.Entry<String, Long>> rows = new ArrayList<>(net.entrySet());
        // PostgreSQL: ON CONFLICT ... DO UPDATE adds to the row, creating it on first use.
        script.addRows("INSERT INTO lk_system_total (account_type, partner_id, stripe, total)", "(?, ?, ?, ?)",
                " ON CONFLICT (account_type, partner_id, stripe) DO UPDATE SET total = lk_system_total.total "
                        + "+ EXCLUDED.total", rows, (ps, i, e) -> {
                            AccountRef.SystemAccount account = accounts.get(e.getKey());
                            ps.setString(i, account.type().name());
                            ps.setString(i + 1, account.partner().map(PartnerId::value).orElse(PROGRAM));
                            ps.setInt(i + 2, e.getKey().charAt(e.getKey().length() - 1) - 'A');
                            ps.setLong(i + 3, e.getValue());
                            return i + 4;
                        });
    }

    /** The stripe of the system totals that a member's commits add to. */
    static int stripe(MemberId member) {
        return Math.floorMod(member.value().hashCode(), STRIPES);
    }

    /** The events, in order: the outbox's ids follow the order of the commit. */
    static void addEvents(Script script, List<LoyaltyEvent> events) {
        script.addRows("INSERT INTO lk_outbox (member_id, event_type, payload)", "(?, ?, ?)", "", events,
                (ps, i, e) -> {
                    ps.setString(i, e.member().value());
                    ps.setString(i + 1, EventCodec.type(e));
                    ps.setString(i + 2, EventCodec.write(e));
                    return i + 3;
                });
    }

    /** This store writes each commit's events to the outbox table; {@link OutboxRelay} delivers them. */
    @Override
    public boolean recordsEvents() {
        return true;
    }

    private static String kind(AccountRef account) {
        return account instanceof AccountRef.SystemAccount s ? s.type().name() : MEMBER_KIND;
    }

    private static String ref(AccountRef account) {
        if (account instanceof AccountRef.SystemAccount s) {
            return s.partner().map(PartnerId::value).orElse(PROGRAM);
        }
        return ((AccountRef.MemberAccount) account).member().value();
    }

    private static AccountRef account(String kind, String ref) {
        if (MEMBER_KIND.equals(kind)) {
            return AccountRef.member(MemberId.of(ref));
        }
        return AccountRef.system(SystemAccountType.valueOf(kind),
                ref.isEmpty() ? Optional.empty() : Optional.of(PartnerId.of(ref)));
    }

    /**
     * Checks the strings that have a column length before anything is written: those of the rows
     * the commit writes (the others are stored already).
     */
    private static void checkFits(Delta delta) {
        Jdbc.fit("member", delta.commit().state().member().value(), 128);
        for (Lot lot : delta.lots()) {
            Jdbc.fit("lotId", lot.id().value(), 200);
        }
        for (Hold h : delta.active()) {
            checkFits(h);
        }
        for (Hold h : delta.commit().holds()) {
            checkFits(h);
        }
        for (Counter counter : delta.counters()) {
            Jdbc.fit("counter", counter.name(), 200);
            Jdbc.checkStorable("until", counter.until());
        }
    }

    private static void checkFits(Hold h) {
        Jdbc.fit("holdId", h.id().value(), 200);
        if (h.reference().isPresent()) {
            Jdbc.fit("reference", h.reference().get(), 200);
        }
    }
}
