package dev.loyaltykit.examples.postgres;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.referral.Referral;
import dev.loyaltykit.core.referral.ReferralStatus;
import dev.loyaltykit.core.referral.RejectionReason;
import dev.loyaltykit.core.spi.ReferralStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link ReferralStore} over PostgreSQL (JDBC), for hosts that run several application
 * instances against one database; schema in the Flyway migration {@code V3__referrals.sql}.
 *
 * <p>A code is one row with unique keys on the code and on the member, so an assignment is one
 * {@code INSERT ... ON CONFLICT DO NOTHING}; a referral is one row keyed by the friend, inserted
 * the same way and updated with {@code WHERE version = ?}, so of two instances racing the same
 * transition exactly one writes it. The events of a transition go to the outbox table in the
 * same transaction ({@link #recordsEvents()}). Values too long for their columns are an
 * {@link InvalidArgumentException} before anything is written; database failures a
 * {@link StoreUnavailableException}.
 *
 * <p>This class is thread-safe; it keeps no state besides the data source.
 */
public final class PostgresReferralStore implements ReferralStore {
    private static final int MAX_ATTEMPTS = 3;
    private static final int MAX_ID = 128;
    private static final String COLUMNS = "friend_id, referrer_id, code, linked_at, status, rejection, order_id, "
            + "matures_at, changed_at, version";

    private final Jdbc jdbc;

    /**
     * Creates a store over a data source whose schema is migrated.
     *
     * @param dataSource the data source, typically a connection pool
     */
    public PostgresReferralStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, MAX_ATTEMPTS);
    }

    @Override
    public CodeAssignment assignCode(MemberId member, String code) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(code, "code");
        Jdbc.fit("member", member.value(), MAX_ID);
        Jdbc.fit("code", code, Referral.MAX_CODE_LENGTH);
        return jdbc.transactionOrFail("assign a referral code to member " + member, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO lk_referral_code (code, member_id) "
                    + "VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, code);
                ps.setString(2, member.value());
                if (ps.executeUpdate() == 1) {
                    return CodeAssignment.ASSIGNED;
                }
            }
            // Which key was taken: the member's own code, or the code by another member.
            Optional<String> own = findCode(c, member);
            return own.isPresent() ? CodeAssignment.MEMBER_HAS_CODE : CodeAssignment.CODE_TAKEN;
        });
    }

    @Override
    public Optional<MemberId> findMemberByCode(String code) {
        Objects.requireNonNull(code, "code");
        if (code.length() > Referral.MAX_CODE_LENGTH || !Jdbc.storable(code)) {
            return Optional.empty();   // cannot have been stored
        }
        return jdbc.read("find the member of a referral code", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT member_id FROM lk_referral_code WHERE code = ?")) {
                ps.setString(1, code);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(MemberId.of(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<String> findCode(MemberId member) {
        Objects.requireNonNull(member, "member");
        return jdbc.read("find the referral code of member " + member, c -> findCode(c, member));
    }

    private static Optional<String> findCode(Connection c, MemberId member) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT code FROM lk_referral_code WHERE member_id = ?")) {
            ps.setString(1, member.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public ReferralWrite insert(Referral referral) {
        return insert(referral, List.of());
    }

    /** Inserts the referral and writes the events to the outbox, in one transaction. */
    @Override
    public ReferralWrite insert(Referral referral, List<LoyaltyEvent> events) {
        Objects.requireNonNull(referral, "referral");
        checkFits(referral);
        return jdbc.transactionOrFail("insert the referral of " + referral.friend(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO lk_referral (" + COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (friend_id) DO NOTHING")) {
                bind(ps, referral, 1);
                if (ps.executeUpdate() == 0) {
                    return ReferralWrite.DUPLICATE;
                }
            }
            recordEvents(c, events);
            return ReferralWrite.WRITTEN;
        });
    }

    @Override
    public Optional<Referral> findByFriend(MemberId friend) {
        Objects.requireNonNull(friend, "friend");
        return jdbc.read("find the referral of " + friend, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM lk_referral WHERE friend_id = ?")) {
                ps.setString(1, friend.value());
                List<Referral> found = readAll(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public ReferralWrite update(Referral referral) {
        return update(referral, List.of());
    }

    /** Updates the referral if its version is the one read, and writes the events to the outbox, in one transaction. */
    @Override
    public ReferralWrite update(Referral referral, List<LoyaltyEvent> events) {
        Objects.requireNonNull(referral, "referral");
        checkFits(referral);
        return jdbc.transactionOrFail("update the referral of " + referral.friend(), c -> {
            Optional<Referral> current;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM lk_referral "
                    + "WHERE friend_id = ? FOR UPDATE")) {
                ps.setString(1, referral.friend().value());
                List<Referral> found = readAll(ps);
                current = found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
            if (current.isEmpty()) {
                return ReferralWrite.NOT_FOUND;
            }
            Referral stored = current.get();
            if (stored.version() != referral.version()) {
                return ReferralWrite.VERSION_CONFLICT;
            }
            if (!stored.referrer().equals(referral.referrer()) || !stored.code().equals(referral.code())
                    || !stored.linkedAt().equals(referral.linkedAt())) {
                throw new IllegalArgumentException("the link of the referral of " + referral.friend()
                        + " is permanent: referrer, code and linkedAt cannot change");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE lk_referral SET status = ?, rejection = ?, "
                    + "order_id = ?, matures_at = ?, changed_at = ?, version = ? WHERE friend_id = ? AND version = ?")) {
                ps.setString(1, referral.status().name());
                ps.setString(2, referral.rejection().map(Enum::name).orElse(null));
                ps.setString(3, referral.order().map(OrderId::value).orElse(null));
                Jdbc.setInstant(ps, 4, "maturesAt", referral.maturesAt().orElse(null));
                Jdbc.setInstant(ps, 5, "changedAt", referral.changedAt());
                ps.setLong(6, referral.version() + 1);
                ps.setString(7, referral.friend().value());
                ps.setLong(8, referral.version());
                if (ps.executeUpdate() == 0) {
                    return ReferralWrite.VERSION_CONFLICT;
                }
            }
            recordEvents(c, events);
            return ReferralWrite.WRITTEN;
        });
    }

    /** The events of referral changes go to the outbox with them; {@link OutboxRelay} delivers them. */
    @Override
    public boolean recordsEvents() {
        return true;
    }

    private static void recordEvents(Connection c, List<LoyaltyEvent> events) throws SQLException {
        if (!events.isEmpty()) {
            Script script = new Script();
            PostgresLedgerStore.addEvents(script, events);
            script.execute(c);
        }
    }

    @Override
    public List<Referral> listByReferrer(MemberId referrer, Optional<MemberId> afterFriend, int limit) {
        Objects.requireNonNull(referrer, "referrer");
        Objects.requireNonNull(afterFriend, "afterFriend");
        checkLimit(limit);
        return jdbc.read("list the referrals of " + referrer, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM lk_referral "
                    + "WHERE referrer_id = ?" + (afterFriend.isPresent() ? " AND friend_id > ?" : "")
                    + " ORDER BY friend_id FETCH FIRST ? ROWS ONLY")) {
                int i = 1;
                ps.setString(i++, referrer.value());
                if (afterFriend.isPresent()) {
                    ps.setString(i++, afterFriend.get().value());
                }
                ps.setInt(i, limit);
                return readAll(ps);
            }
        });
    }

    @Override
    public List<Referral> listDue(Instant maturedBy, Optional<MemberId> afterFriend, int limit) {
        Objects.requireNonNull(maturedBy, "maturedBy");
        Objects.requireNonNull(afterFriend, "afterFriend");
        checkLimit(limit);
        return jdbc.read("list referrals due", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM lk_referral "
                    + "WHERE status = 'QUALIFIED' AND matures_at <= ?"
                    + (afterFriend.isPresent() ? " AND friend_id > ?" : "")
                    + " ORDER BY friend_id FETCH FIRST ? ROWS ONLY")) {
                int i = 1;
                Jdbc.setInstant(ps, i++, "maturedBy", maturedBy);
                if (afterFriend.isPresent()) {
                    ps.setString(i++, afterFriend.get().value());
                }
                ps.setInt(i, limit);
                return readAll(ps);
            }
        });
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new InvalidArgumentException("limit", "must be positive, but was " + limit);
        }
    }

    private static void checkFits(Referral r) {
        Jdbc.fit("friend", r.friend().value(), MAX_ID);
        Jdbc.fit("referrer", r.referrer().value(), MAX_ID);
        Jdbc.fit("code", r.code(), Referral.MAX_CODE_LENGTH);
        if (r.order().isPresent()) {
            Jdbc.fit("order", r.order().get().value(), MAX_ID);
        }
    }

    private static void bind(PreparedStatement ps, Referral r, int version) throws SQLException {
        ps.setString(1, r.friend().value());
        ps.setString(2, r.referrer().value());
        ps.setString(3, r.code());
        Jdbc.setInstant(ps, 4, "linkedAt", r.linkedAt());
        ps.setString(5, r.status().name());
        ps.setString(6, r.rejection().map(Enum::name).orElse(null));
        ps.setString(7, r.order().map(OrderId::value).orElse(null));
        Jdbc.setInstant(ps, 8, "maturesAt", r.maturesAt().orElse(null));
        Jdbc.setInstant(ps, 9, "changedAt", r.changedAt());
        ps.setLong(10, version);
    }

    private static List<Referral> readAll(PreparedStatement ps) throws SQLException {
        List<Referral> referrals = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                referrals.add(new Referral(MemberId.of(rs.getString("friend_id")), MemberId.of(rs.getString("referrer_id")),
                        rs.getString("code"), Jdbc.getInstant(rs, "linked_at"),
                        ReferralStatus.valueOf(rs.getString("status")),
                        Optional.ofNullable(rs.getString("rejection")).map(RejectionReason::valueOf),
                        Optional.ofNullable(rs.getString("order_id")).map(OrderId::of),
                        Optional.ofNullable(Jdbc.getInstant(rs, "matures_at")), Jdbc.getInstant(rs, "changed_at"),
                        Jdbc.getLong(rs, "version")));
            }
        }
        return referrals;
    }
}
