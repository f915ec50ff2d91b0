package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.Channel;
import dev.loyaltykit.core.MemberId;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A templated message to a member on one channel. The library never renders text: the host's
 * {@link Messenger} looks up {@code template} in its own templates (per language, per channel)
 * and fills in the parameters. Parameters carry numbers and ids; the host adds names and
 * addresses from its own data.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param key a unique key of this message (e.g. campaign and occasion), for the host's own
 *     de-duplication: a message may be handed over more than once if a send is retried
 * @param member the recipient
 * @param channel the channel, one the member consented to
 * @param template the host's template key, e.g. {@code birthday-gift}
 * @param parameters values for the template, e.g. {@code points}, {@code balance}, {@code expiresOn}
 */
public record Message(String key, MemberId member, Channel channel, String template, Map<String, String> parameters) {
    /** Checks and copies the fields. */
    public Message {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(template, "template");
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
    }
}
