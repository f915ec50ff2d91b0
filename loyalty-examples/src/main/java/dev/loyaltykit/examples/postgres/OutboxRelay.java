package dev.loyaltykit.examples.postgres;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.spi.EventListener;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the events the PostgreSQL stores wrote to the outbox table ({@code lk_outbox}) to the
 * host's {@link EventListener}: at least once, oldest first, so a member's events arrive in the
 * order their changes were committed (a member's commits are serialised by its ledger row).
 *
 * <p>A {@link dev.loyaltykit.rules.LoyaltyProgram} over {@link PostgresLedgerStore} does not call
 * its listener itself; run a relay instead, e.g. every second from a scheduled task, in as many
 * application instances as you like:
 *
 * <pre>{@code
 * OutboxRelay relay = new OutboxRelay(pool, event -> readModel.apply(event));
 * scheduler.scheduleWithFixedDelay(relay::drain, 1, 1, TimeUnit.SECONDS);
 * }</pre>
 *
 * <p>Each {@link #relayOnce(int)} is one transaction that first takes a PostgreSQL advisory lock,
 * so only one instance delivers at a time (the others return 0 at once and keep no order of their
 * own). Rows are deleted in the same transaction after their delivery: a crash or a failed commit
 * after delivery means they are delivered again, never lost. A listener that throws stops the
 * run at that event; it and the events after it are delivered again by the next run, so make the
 * listener idempotent (events carry enough to recognise a repeat: member, instant, source).
 *
 * <p>This class is thread-safe.
 */
public final class OutboxRelay {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    /** The advisory lock key the relays share: "LKoutbox" as a number. */
    private static final long LOCK = 0x4c4b6f7574626f78L;
    private static final int DRAIN_BATCH = 500;

    private final Jdbc jdbc;
    private final EventListener listener;

    /**
     * Creates a relay.
     *
     * @param dataSource the data source of the stores, migrated
     * @param listener where to deliver the events
     */
    public OutboxRelay(DataSource dataSource, EventListener listener) {
        this.jdbc = new Jdbc(dataSource, 3);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Delivers up to {@code max} of the oldest events and removes them from the outbox.
     *
     * @param max at most this many, positive
     * @return how many were delivered; 0 if the outbox was empty or another relay was running
     * @throws InvalidArgumentException if max is not positive
     * @throws StoreUnavailableException if the database failed (the events stay in the outbox)
     */
    public int relayOnce(int max) {
        if (max < 1) {
            throw new InvalidArgumentException("max", "must be positive, but was " + max);
        }
        return jdbc.transactionOrFail("relay outbox events", c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                lock.setLong(1, LOCK);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return 0;
                    }
                }
            }
            List<Long> delivered = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, event_type, payload FROM lk_outbox ORDER BY id FETCH FIRST ? ROWS ONLY")) {
                ps.setInt(1, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        LoyaltyEvent event = EventCodec.read(rs.getString(2), rs.getString(3));
                        try {
                            listener.onEvent(event);
                        } catch (RuntimeException e) {
                            // Ids and the type only: events carry no personal data, and neither does this line.
                            LOG.warn("listener failed on outbox event {} ({} of member {}); it will be delivered again",
                                    id, event.getClass().getSimpleName(), event.member(), e);
                            break;
                        }
                        delivered.add(id);
                    }
                }
            }
            if (!delivered.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM lk_outbox WHERE id = ANY (?)")) {
                    ps.setArray(1, c.createArrayOf("bigint", delivered.toArray()));
                    ps.executeUpdate();
                }
            }
            return delivered.size();
        });
    }

    /**
     * Delivers events until the outbox is empty, a listener fails, or another relay is running.
     *
     * @return how many were delivered
     * @throws StoreUnavailableException if the database failed
     */
    public int drain() {
        int total = 0;
        while (true) {
            int n = relayOnce(DRAIN_BATCH);
            total += n;
            if (n < DRAIN_BATCH) {
                return total;
            }
        }
    }

    /**
     * How many events wait in the outbox.
     *
     * @return the count
     */
    public long pending() {
        return jdbc.read("count outbox events", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM lk_outbox");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
