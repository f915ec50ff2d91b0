package dev.loyaltykit.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A member's marketing consent on one channel: given or withdrawn, and when. Kept rather than
 * deleted on withdrawal, so the host can show when a member opted out.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param channel the channel
 * @param granted whether the member agrees to marketing messages on it
 * @param at when the consent was given or withdrawn
 */
public record Consent(Channel channel, boolean granted, Instant at) {

    /** Checks the fields. */
    public Consent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(at, "at");
    }

    /**
     * Consent given at an instant.
     *
     * @param channel the channel
     * @param at when
     * @return the consent
     */
    public static Consent granted(Channel channel, Instant at) {
        return new Consent(channel, true, at);
    }

    /**
     * Consent withdrawn at an instant.
     *
     * @param channel the channel
     * @param at when
     * @return the withdrawal
     */
    public static Consent withdrawn(Channel channel, Instant at) {
        return new Consent(channel, false, at);
    }
}
