package dev.loyaltykit.examples.postgres;

import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.IdentifierType;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.MemberStatus;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberStore;
import dev.loyaltykit.core.spi.MemberWithLedger;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MemberStore} over PostgreSQL (JDBC): one row per member and one per identifier, whose
 * primary key keeps every phone number, card, e-mail and external id unique across members.
 *
 * <p>An insert writes the member's row, then its identifiers in one fixed order (by type and
 * value) so that two inserts naming the same identifiers never deadlock; a duplicate key on the
 * member's row is {@link MemberWrite#DUPLICATE_ID}, on an identifier
 * {@link MemberWrite#DUPLICATE_IDENTIFIER}, and the transaction is rolled back. An update is a
 * conditional {@code UPDATE ... WHERE member_id = ? AND version = ?} followed by the member's
 * identifiers replaced. Reads are one statement each, so they see one snapshot.
 *
 * <p>An identifier longer than its column (254 characters) is an
 * {@link InvalidArgumentException}; failures of the database itself are
 * {@link StoreUnavailableException}.
 *
 * <p>This class is thread-safe; it keeps no state besides the data source (and whether it has
 * logged that its ledger store has another one).
 */
public final class PostgresMemberStore implements MemberStore {
    private static final int MAX_ATTEMPTS = 3;
    private static final int MAX_IDENTIFIER = 254;
    private static final Comparator<Identifier> LOCK_ORDER =
            Comparator.comparing(Identifier::type).thenComparing(Identifier::value);
    private static final String COLUMNS = "m.member_id, m.version, m.enrolled_at, m.birthday, m.status, m.consents, "
            + "m.attributes, i.identifier_type, i.identifier_value";

    /** A member by id, with its identifiers in their order. */
    private static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM lk_member m "
            + "LEFT JOIN lk_member_identifier i ON i.member_id = m.member_id WHERE m.member_id = ? ORDER BY i.position";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresMemberStore.class);

    private final Jdbc jdbc;
    /** Whether the ledger store's other data source was logged (once per store). */
    private final AtomicBoolean loggedApart = new AtomicBoolean();

    /**
     * Creates a store over a data source whose schema is migrated
     * ({@link PostgresSchema#migrate(DataSource)}).
     *
     * @param dataSource the data source, typically a connection pool
     */
    public PostgresMemberStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, MAX_ATTEMPTS);
    }

    @Override
    public Optional<Member> find(MemberId id) {
        Objects.requireNonNull(id, "id");
        return jdbc.read("find member " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND_BY_ID)) {
                ps.setString(1, id.value());
                return first(ps);
            }
        });
    }

    /**
     * Whether {@link #findWithLedger} reads the member and the ledger in one round trip with this
     * ledger store: it must be a {@link PostgresLedgerStore} given the same {@code DataSource}
     * object as this store (the same pool; two wrappers of one pool are two objects). A host can
     * check this once at start-up; the first read that cannot is also logged, once, at INFO.
     *
     * @param ledgers the ledger store the program uses
     * @return true if a purchase, hold or action reads the member with its ledger in one round trip
     */
    public boolean readsWithLedger(LedgerStore ledgers) {
        return ledgers instanceof PostgresLedgerStore postgres && postgres.sharesDatabaseWith(jdbc);
    }

    /**
     * With a {@link PostgresLedgerStore} over the same data source, the member and the ledger in
     * one round trip (two statements, each its own snapshot); with any other ledger store, as the
     * default: the member, then the ledger (see {@link #readsWithLedger}).
     */
    @Override
    public Optional<MemberWithLedger> findWithLedger(MemberId id, LedgerStore ledgers, Collection<OperationKey> keys) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keys, "keys");
        if (!readsWithLedger(ledgers)) {
            if (ledgers instanceof PostgresLedgerStore && !loggedApart.getAndSet(true)) {
                LOG.info("PostgresMemberStore and PostgresLedgerStore were given different DataSource objects: "
                        + "members and ledgers are read in two round trips, not one; give both the same object");
            }
            return MemberStore.super.findWithLedger(id, ledgers, keys);
        }
        PostgresLedgerStore postgres = (PostgresLedgerStore) ledgers;
        PostgresLedgerStore.WithLedger<Optional<Member>> read = postgres.readAfter(new PostgresLedgerStore.Prefix<>() {
            @Override
            public String sql() {
                return FIND_BY_ID;
            }

            @Override
            public int bind(PreparedStatement ps, int index) throws SQLException {
                ps.setString(index, id.value());
                return index + 1;
            }

            @Override
            public Optional<Member> read(ResultSet rs) throws SQLException {
                return first(rs);
            }
        }, id, keys);
        return read.first().map(member -> new MemberWithLedger(member, read.ledger()));
    }

    /** One query for all of them (a batch's buyers). */
    @Override
    public Map<MemberId, Member> findAll(Collection<MemberId> ids) {
        Objects.requireNonNull(ids, "ids");
        if (ids.isEmpty()) {
            return Map.of();
        }
        Object[] values = ids.stream().map(MemberId::value).distinct().toArray();
        return jdbc.read("find " + values.length + " members", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM lk_member m "
                    + "LEFT JOIN lk_member_identifier i ON i.member_id = m.member_id "
                    + "WHERE m.member_id = ANY (?) ORDER BY m.member_id, i.position")) {
                ps.setArray(1, c.createArrayOf("varchar", values));
                try (ResultSet rs = ps.executeQuery()) {
                    Map<MemberId, Member> found = new HashMap<>();
                    for (Member m : readMembers(rs)) {
                        found.put(m.id(), m);
                    }
                    return found;
                }
            }
        });
    }

    @Override
    public Optional<Member> findByIdentifier(Identifier identifier) {
        Objects.requireNonNull(identifier, "identifier");
        if (identifier.value().length() > MAX_IDENTIFIER) {
            return Optional.empty();   // cannot have been stored
        }
        return jdbc.read("find member by " + identifier, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM lk_member m "
                    + "LEFT JOIN lk_member_identifier i ON i.member_id = m.member_id "
                    + "WHERE m.member_id = (SELECT member_id FROM lk_member_identifier "
                    + "WHERE identifier_type = ? AND identifier_value = ?) ORDER BY i.position")) {
                ps.setString(1, identifier.type().name());
                ps.setString(2, identifier.value());
                return first(ps);
            }
        });
    }

    private static Optional<Member> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return first(rs);
        }
    }

    private static Optional<Member> first(ResultSet rs) throws SQLException {
        List<Member> members = readMembers(rs);
        return members.isEmpty() ? Optional.empty() : Optional.of(members.get(0));
    }

    @Override
    public List<Member> list(Optional<MemberId> after, int limit) {
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new InvalidArgumentException("limit", "must be positive, but was " + limit);
        }
        return jdbc.read("list members", c -> {
            String sql = "SELECT " + COLUMNS + " FROM lk_member m "
                    + "LEFT JOIN lk_member_identifier i ON i.member_id = m.member_id "
                    + "WHERE m.member_id IN (SELECT member_id FROM lk_member"
                    + (after.isPresent() ? " WHERE member_id > ?" : "")
                    + " ORDER BY member_id FETCH FIRST ? ROWS ONLY) ORDER BY m.member_id, i.position";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (after.isPresent()) {
                    ps.setString(i++, after.get().value());
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    return readMembers(rs);
                }
            }
        });
    }

    /** Members from rows ordered by member, one row per identifier (or one without). */
    private static List<Member> readMembers(ResultSet rs) throws SQLException {
        List<Member> members = new ArrayList<>();
        Member current = null;
        Set<Identifier> identifiers = null;
        while (rs.next()) {
            String id = rs.getString("member_id");
            if (current == null || !current.id().value().equals(id)) {
                if (current != null) {
                    members.add(withIdentifiers(current, identifiers));
                }
                Date birthday = rs.getDate("birthday");
                current = new Member(MemberId.of(id), Jdbc.getLong(rs, "version"), Jdbc.getInstant(rs, "enrolled_at"),
                        Optional.ofNullable(birthday).map(Date::toLocalDate), Set.of(),
                        LedgerCodec.readConsents(rs.getString("consents")),
                        LedgerCodec.readAttributes(rs.getString("attributes")),
                        MemberStatus.valueOf(rs.getString("status")));
                identifiers = new LinkedHashSet<>();
            }
            String type = rs.getString("identifier_type");
            if (type != null) {
                identifiers.add(new Identifier(IdentifierType.valueOf(type), rs.getString("identifier_value")));
            }
        }
        if (current != null) {
            members.add(withIdentifiers(current, identifiers));
        }
        return members;
    }

    private static Member withIdentifiers(Member m, Set<Identifier> identifiers) {
        return new Member(m.id(), m.version(), m.enrolledAt(), m.birthday(), identifiers, m.consents(), m.attributes(),
                m.status());
    }

    @Override
    public MemberWrite insert(Member member) {
        return insert(member, List.of());
    }

    /** Inserts the member and writes the events to the outbox, in one transaction. */
    @Override
    public MemberWrite insert(Member member, List<LoyaltyEvent> events) {
        Objects.requireNonNull(member, "member");
        checkFits(member);
        return jdbc.transactionOrFail("insert member " + member.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO lk_member (version, enrolled_at, birthday, "
                    + "status, consents, attributes, member_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                bindMember(ps, member, 1);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    c.rollback();
                    return MemberWrite.DUPLICATE_ID;
                }
                throw e;
            }
            MemberWrite written = insertIdentifiers(c, member);
            if (written == MemberWrite.WRITTEN && !events.isEmpty()) {
                Script script = new Script();
                PostgresLedgerStore.addEvents(script, events);
                script.execute(c);
            }
            return written;
        });
    }

    /** The events of an enrolment go to the outbox table with the member; {@link OutboxRelay} delivers them. */
    @Override
    public boolean recordsEvents() {
        return true;
    }

    @Override
    public MemberWrite update(Member member) {
        Objects.requireNonNull(member, "member");
        checkFits(member);
        return jdbc.transactionOrFail("update member " + member.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE lk_member SET version = ?, enrolled_at = ?, "
                    + "birthday = ?, status = ?, consents = ?, attributes = ? WHERE member_id = ? AND version = ?")) {
                bindMember(ps, member, member.version() + 1);
                ps.setLong(8, member.version());
                if (ps.executeUpdate() == 0) {
                    return exists(c, member.id()) ? MemberWrite.VERSION_CONFLICT : MemberWrite.NOT_FOUND;
                }
            }
            // The member's row is locked: replace its identifiers.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM lk_member_identifier WHERE member_id = ?")) {
                ps.setString(1, member.id().value());
                ps.executeUpdate();
            }
            return insertIdentifiers(c, member);
        });
    }

    private static boolean exists(Connection c, MemberId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM lk_member WHERE member_id = ?")) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void bindMember(PreparedStatement ps, Member m, long version) throws SQLException {
        ps.setLong(1, version);
        Jdbc.setInstant(ps, 2, "enrolledAt", m.enrolledAt());
        if (m.birthday().isPresent()) {
            ps.setDate(3, Date.valueOf(m.birthday().get()));
        } else {
            ps.setNull(3, Types.DATE);
        }
        ps.setString(4, m.status().name());
        ps.setString(5, LedgerCodec.writeConsents(m.consents()));
        ps.setString(6, LedgerCodec.writeAttributes(m.attributes()));
        ps.setString(7, m.id().value());
    }

    /** Inserts the identifiers in lock order; a duplicate rolls the whole write back. */
    private static MemberWrite insertIdentifiers(Connection c, Member member) throws SQLException {
        if (member.identifiers().isEmpty()) {
            return MemberWrite.WRITTEN;
        }
        List<Identifier> inMemberOrder = new ArrayList<>(member.identifiers());
        List<Identifier> ordered = new ArrayList<>(inMemberOrder);
        ordered.sort(LOCK_ORDER);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lk_member_identifier (identifier_type, "
                + "identifier_value, member_id, position) VALUES (?, ?, ?, ?)")) {
            for (Identifier identifier : ordered) {
                ps.setString(1, identifier.type().name());
                ps.setString(2, identifier.value());
                ps.setString(3, member.id().value());
                ps.setInt(4, inMemberOrder.indexOf(identifier));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                c.rollback();
                return MemberWrite.DUPLICATE_IDENTIFIER;
            }
            throw e;
        }
        return MemberWrite.WRITTEN;
    }

    private static void checkFits(Member member) {
        for (Identifier identifier : member.identifiers()) {
            if (identifier.value().length() > MAX_IDENTIFIER) {
                throw new InvalidArgumentException("identifier", identifier.type() + " identifiers of at most "
                        + MAX_IDENTIFIER + " characters can be stored, but " + identifier + " has "
                        + identifier.value().length());
            }
        }
    }
}
