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
import dev.loyaltykit.core.spi.LedgerCommit;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.OperationRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * <p>A commit is one transaction (READ COMMITTED is enough) of three round trips. First a
 * conditional {@code UPDATE lk_ledger ... WHERE member_id = ? AND version = ?} (a plain
 * {@code INSERT} for a member's first commit) decides the optimistic-concurrency race and locks
 * the member's row; a loser sees no row updated (or a duplicate key), rolls back having locked
 * nothing, and reports {@link CommitStatus#VERSION_CONFLICT}. Then one multi-statement call
 * replaces the member's lots, active holds and counters, appends the transfers, upserts the
 * operation records and holds, and adds the net change of each system account to one stripe of
 * its total. Then the COMMIT. Serialization failures and deadlocks (SQLSTATE 40001, 40P01) are
 * retried a few times, then reported as a version conflict, so the ledger retries with a fresh
 * read.
 *
 * <p>{@link #load(MemberId)} is one statement (a {@code UNION ALL} over the member's row, lots,
 * holds and counters), so it reads one snapshot: never half of a commit.
 *
 * <p>Values the schema cannot hold (an id longer than its column, an instant beyond the year
 * 294276) are reported as {@link InvalidArgumentException} and nothing is written; failures of
 * the database itself as {@link StoreUnavailableException}.
 *
 * <p>This class is thread-safe; it keeps no state besides the data source.
 */
public final class PostgresLedgerStore implements LedgerStore {
    /** Stripes per system account: commits of members in different stripes never share a row. */
    static final int STRIPES = 16;
    private static final int MAX_ATTEMPTS = 3;
    private static final String PROGRAM = "";
    private static final String MEMBER_KIND = "MEMBER";

    private final Jdbc jdbc;

    /**
     * Creates a store over a data source whose schema is migrated.
     *
     * @param dataSource the data source, typically a connection pool
     */
    public PostgresLedgerStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, MAX_ATTEMPTS);
    }

    // ---- reads ------------------------------------------------------------------------------

    private static final String LOAD = ""
            + "SELECT 'L' AS kind, CAST(NULL AS VARCHAR(200)) AS id, as_of AS t1, "
            + "CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS t2, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS t3, "
            + "version AS n1, next_sequence AS n2, debt AS n3, lifetime_earned AS n4, lifetime_redeemed AS n5, "
            + "lifetime_expired AS n6, CAST(NULL AS VARCHAR(200)) AS s1, CAST(NULL AS VARCHAR(200)) AS s2, "
            + "CAST(NULL AS TEXT) AS s3 "
            + "FROM lk_ledger WHERE member_id = ? "
            + "UNION ALL "
            + "SELECT 'T', lot_id, earned_at, available_from, expires_at, points, remaining, NULL, NULL, NULL, NULL, "
            + "partner_id, NULL, NULL FROM lk_lot WHERE member_id = ? "
            + "UNION ALL "
            + "SELECT 'H', hold_id, placed_at, deadline, NULL, points, captured, position, NULL, NULL, NULL, "
            + "status, reference, allocation FROM lk_active_hold WHERE member_id = ? "
            + "UNION ALL "
            + "SELECT 'C', name, until, NULL, NULL, value, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
            + "FROM lk_counter WHERE member_id = ?";

    @Override
    public MemberLedger load(MemberId member) {
        Objects.requireNonNull(member, "member");
        return jdbc.read("load ledger of member " + member, c -> {
            try (PreparedStatement ps = c.prepareStatement(LOAD)) {
                for (int i = 1; i <= 4; i++) {
                    ps.setString(i, member.value());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return readState(member, rs);
                }
            }
        });
    }

    private static MemberLedger readState(MemberId member, ResultSet rs) throws SQLException {
        boolean found = false;
        long version = 0;
        long nextSequence = 0;
        long debt = 0;
        long earned = 0;
        long redeemed = 0;
        long expired = 0;
        Instant asOf = null;
        List<Lot> lots = new ArrayList<>();
        Map<Long, Hold> holds = new TreeMap<>();
        List<Counter> counters = new ArrayList<>();
        while (rs.next()) {
            String kind = rs.getString("kind");
            switch (kind) {
                case "L":
                    found = true;
                    asOf = Jdbc.getInstant(rs, "t1");
                    version = Jdbc.getLong(rs, "n1");
                    nextSequence = Jdbc.getLong(rs, "n2");
                    debt = Jdbc.getLong(rs, "n3");
                    earned = Jdbc.getLong(rs, "n4");
                    redeemed = Jdbc.getLong(rs, "n5");
                    expired = Jdbc.getLong(rs, "n6");
                    break;
                case "T":
                    lots.add(new Lot(new LotId(rs.getString("id")), Jdbc.getInstant(rs, "t1"),
                            Jdbc.getInstant(rs, "t2"), Optional.ofNullable(Jdbc.getInstant(rs, "t3")),
                            Optional.ofNullable(rs.getString("s1")).map(PartnerId::of), Jdbc.getLong(rs, "n1"),
                            Jdbc.getLong(rs, "n2")));
                    break;
                case "H":
                    holds.put(Jdbc.getLong(rs, "n3"), new Hold(new HoldId(rs.getString("id")), member, Jdbc.getLong(rs, "n1"),
                            Jdbc.getInstant(rs, "t1"), Jdbc.getInstant(rs, "t2"), HoldStatus.valueOf(rs.getString("s1")),
                            Jdbc.getLong(rs, "n2"), LedgerCodec.readPortions(rs.getString("s3")),
                            Optional.ofNullable(rs.getString("s2"))));
                    break;
                case "C":
                    counters.add(new Counter(rs.getString("id"), Jdbc.getLong(rs, "n1"), Jdbc.getInstant(rs, "t1")));
                    break;
                default:
                    throw new IllegalStateException("unexpected row kind " + kind);
            }
        }
        if (!found) {
            // Rows without a ledger row cannot exist: they are written in the same transaction.
            return MemberLedger.empty(member);
        }
        return MemberLedger.of(member, version, nextSequence, asOf, lots, new ArrayList<>(holds.values()), debt, earned, redeemed, expired,
                counters);
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
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new InvalidArgumentException("limit", "must be positive, but was " + limit);
        }
        return jdbc.read("list ledger members", c -> {
            String sql = "SELECT member_id FROM lk_ledger" + (after.isPresent() ? " WHERE member_id > ?" : "")
                    + " ORDER BY member_id FETCH FIRST ? ROWS ONLY";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (after.isPresent()) {
                    ps.setString(i++, after.get().value());
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
        checkFits(commit);
        MemberId member = commit.state().member();
        try {
            return jdbc.transaction("commit ledger of member " + member, c -> write(c, commit));
        } catch (Jdbc.RetriesExhausted e) {
            // Rolled back each time: nothing written. The ledger re-reads and tries again.
            return CommitStatus.VERSION_CONFLICT;
        }
    }

    private static CommitStatus write(Connection c, LedgerCommit commit) throws SQLException {
        MemberLedger s = commit.state();
        String member = s.member().value();
        // Round trip 1: the version check, alone, so that a loser locks and writes nothing.
        if (!writeLedgerRow(c, commit)) {
            c.rollback();
            return CommitStatus.VERSION_CONFLICT;
        }
        // Round trip 2: everything else, as one script. The member's row is locked now: nothing
        // below can race with another commit of the member. (Round trip 3 is the COMMIT.)
        Script script = new Script();
        if (commit.expectedVersion() > 0) {
            for (String table : new String[] {"lk_lot", "lk_active_hold", "lk_counter"}) {
                script.add("DELETE FROM " + table + " WHERE member_id = ?", (ps, i) -> {
                    ps.setString(i, member);
                    return i + 1;
                });
            }
        }
        addLots(script, member, s.lots());
        addActiveHolds(script, member, s.holds());
        addCounters(script, member, List.copyOf(s.counters().values()));
        addTransfers(script, member, commit.transfers());
        List<OperationRecord> records = lastOfEach(commit.operations(), r -> r.command().key());
        List<Integer> upserts = addOperations(script, member, records);
        addHolds(script, member, lastOfEach(commit.holds(), Hold::id));
        addToSystemTotals(script, s.member(), commit.transfers());
        int[] counts = script.execute(c);
        int written = 0;
        for (int position : upserts) {
            written += counts[position];
        }
        if (written != records.size()) {
            // A record whose fingerprint differs from the stored one updates nothing.
            throw new IllegalStateException("an operation of " + records.stream().map(r -> r.command().key())
                    .toList() + " is already recorded with other content");
        }
        return CommitStatus.COMMITTED;
    }

    /** The last item for each key, in the order of last occurrence: a multi-row upsert must not touch a row twice. */
    private static <T, K> List<T> lastOfEach(List<T> items, java.util.function.Function<T, K> key) {
        Map<K, T> last = new java.util.LinkedHashMap<>();
        for (T item : items) {
            K k = key.apply(item);
            last.remove(k);
            last.put(k, item);
        }
        return new ArrayList<>(last.values());
    }

    /** Writes the member's row if its version is the expected one; false if it is not. */
    private static boolean writeLedgerRow(Connection c, LedgerCommit commit) throws SQLException {
        MemberLedger s = commit.state();
        if (commit.expectedVersion() == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO lk_ledger (version, next_sequence, as_of, "
                    + "debt, lifetime_earned, lifetime_redeemed, lifetime_expired, member_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindLedgerRow(ps, s);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    // Another commit wrote the member's first version before us.
                    return false;
                }
                throw e;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE lk_ledger SET version = ?, next_sequence = ?, "
                + "as_of = ?, debt = ?, lifetime_earned = ?, lifetime_redeemed = ?, lifetime_expired = ? "
                + "WHERE member_id = ? AND version = ?")) {
            bindLedgerRow(ps, s);
            ps.setLong(9, commit.expectedVersion());
            return ps.executeUpdate() == 1;
        }
    }

    private static void bindLedgerRow(PreparedStatement ps, MemberLedger s) throws SQLException {
        ps.setLong(1, s.version());
        ps.setLong(2, s.nextSequence());
        Jdbc.setInstant(ps, 3, "asOf", s.asOf());
        ps.setLong(4, s.debt());
        ps.setLong(5, s.lifetimeEarned());
        ps.setLong(6, s.lifetimeRedeemed());
        ps.setLong(7, s.lifetimeExpired());
        ps.setString(8, s.member().value());
    }

    private static void addLots(Script script, String member, List<Lot> lots) {
        script.addRows("INSERT INTO lk_lot (member_id, lot_id, earned_at, available_from, expires_at, partner_id, "
                + "points, remaining)", "(?, ?, ?, ?, ?, ?, ?, ?)", "", lots, (ps, i, lot) -> {
                    ps.setString(i, member);
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

    private static int bindHold(PreparedStatement ps, int i, String member, Hold h) throws SQLException {
        ps.setString(i, member);
        ps.setString(i + 1, h.id().value());
        ps.setLong(i + 2, h.points());
        Jdbc.setInstant(ps, i + 3, "placedAt", h.placedAt());
        Jdbc.setInstant(ps, i + 4, "deadline", h.deadline());
        ps.setString(i + 5, h.status().name());
        ps.setLong(i + 6, h.captured());
        ps.setString(i + 7, h.reference().orElse(null));
        ps.setString(i + 8, LedgerCodec.writePortions(h.allocation()));
        return i + 9;
    }

    private static void addActiveHolds(Script script, String member, List<Hold> holds) {
        List<Map.Entry<Integer, Hold>> positioned = new ArrayList<>();
        for (int p = 0; p < holds.size(); p++) {
            positioned.add(Map.entry(p, holds.get(p)));
        }
        script.addRows("INSERT INTO lk_active_hold (member_id, hold_id, points, placed_at, deadline, status, captured, "
                + "reference, allocation, position)", "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "", positioned, (ps, i, e) -> {
                    int next = bindHold(ps, i, member, e.getValue());
                    ps.setInt(next, e.getKey());
                    return next + 1;
                });
    }

    private static void addHolds(Script script, String member, List<Hold> holds) {
        // PostgreSQL: ON CONFLICT (MERGE in standard SQL).
        script.addRows("INSERT INTO lk_hold (member_id, hold_id, points, placed_at, deadline, status, captured, "
                + "reference, allocation)", "(?, ?, ?, ?, ?, ?, ?, ?, ?)", " ON CONFLICT (member_id, hold_id) DO UPDATE "
                + "SET points = EXCLUDED.points, placed_at = EXCLUDED.placed_at, deadline = EXCLUDED.deadline, "
                + "status = EXCLUDED.status, captured = EXCLUDED.captured, reference = EXCLUDED.reference, "
                + "allocation = EXCLUDED.allocation", holds, (ps, i, h) -> bindHold(ps, i, member, h));
    }

    private static void addCounters(Script script, String member, List<Counter> counters) {
        script.addRows("INSERT INTO lk_counter (member_id, name, value, until)", "(?, ?, ?, ?)", "", counters,
                (ps, i, counter) -> {
                    ps.setString(i, member);
                    ps.setString(i + 1, counter.name());
                    ps.setLong(i + 2, counter.value());
                    Jdbc.setInstant(ps, i + 3, "until", counter.until());
                    return i + 4;
                });
    }

    private static void addTransfers(Script script, String member, List<Transfer> transfers) {
        script.addRows("INSERT INTO lk_transfer (member_id, sequence, op_key, kind, from_kind, from_ref, to_kind, "
                + "to_ref, points, at, reverses, lots)", "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "", transfers,
                (ps, i, t) -> {
                    ps.setString(i, member);
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
     * reversal updating "reversed"); one with other content updates nothing, which the caller
     * sees in the update counts.
     */
    private static List<Integer> addOperations(Script script, String member, List<OperationRecord> records) {
        return script.addRows("INSERT INTO lk_operation (member_id, op_key, fingerprint, command, receipt, reversed)",
                "(?, ?, ?, ?, ?, ?)", " ON CONFLICT (member_id, op_key) DO UPDATE SET command = EXCLUDED.command, "
                        + "receipt = EXCLUDED.receipt, reversed = EXCLUDED.reversed "
                        + "WHERE lk_operation.fingerprint = EXCLUDED.fingerprint", records, (ps, i, r) -> {
                            ps.setString(i, member);
                            ps.setString(i + 1, r.command().key().value());
                            ps.setString(i + 2, r.fingerprint());
                            ps.setString(i + 3, LedgerCodec.writeCommand(r.command()));
                            ps.setString(i + 4, LedgerCodec.writeReceipt(r.receipt()));
                            ps.setLong(i + 5, r.reversed());
                            return i + 6;
                        });
    }

    /**
     * Adds the commit's net change of each system account to the member's stripe of it, in one
     * order for every commit (by account), so two commits never wait for each other in a cycle.
     */
    private static void addToSystemTotals(Script script, MemberId member, List<Transfer> transfers) {
        Map<String, AccountRef.SystemAccount> accounts = new TreeMap<>();
        Map<String, Long> net = new TreeMap<>();
        for (Transfer t : transfers) {
            for (AccountRef side : List.of(t.from(), t.to())) {
                if (side instanceof AccountRef.SystemAccount s) {
                    String sortKey = s.type().name() + '\u0000' + s.partner().map(PartnerId::value).orElse(PROGRAM);
                    accounts.put(sortKey, s);
                    net.merge(sortKey, t.effectOn(s), Math::addExact);
                }
            }
        }
        int stripe = Math.floorMod(member.value().hashCode(), STRIPES);
        List<Map.Entry<AccountRef.SystemAccount, Long>> rows = new ArrayList<>();
        net.forEach((k, v) -> rows.add(Map.entry(accounts.get(k), v)));
        // PostgreSQL: ON CONFLICT ... DO UPDATE adds to the row, creating it on first use.
        script.addRows("INSERT INTO lk_system_total (account_type, partner_id, stripe, total)", "(?, ?, ?, ?)",
                " ON CONFLICT (account_type, partner_id, stripe) DO UPDATE SET total = lk_system_total.total "
                        + "+ EXCLUDED.total", rows, (ps, i, e) -> {
                            ps.setString(i, e.getKey().type().name());
                            ps.setString(i + 1, e.getKey().partner().map(PartnerId::value).orElse(PROGRAM));
                            ps.setInt(i + 2, stripe);
                            ps.setLong(i + 3, e.getValue());
                            return i + 4;
                        });
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

    /** Checks the strings that have a column length before anything is written. */
    private static void checkFits(LedgerCommit commit) {
        MemberLedger s = commit.state();
        for (Lot lot : s.lots()) {
            Jdbc.fit("lotId", lot.id().value(), 200);
        }
        for (Hold h : s.holds()) {
            checkFits(h);
        }
        for (Hold h : commit.holds()) {
            checkFits(h);
        }
        for (Counter counter : s.counters().values()) {
            Jdbc.fit("counter", counter.name(), 200);
        }
    }

    private static void checkFits(Hold h) {
        Jdbc.fit("holdId", h.id().value(), 200);
        if (h.reference().isPresent()) {
            Jdbc.fit("reference", h.reference().get(), 200);
        }
    }
}
