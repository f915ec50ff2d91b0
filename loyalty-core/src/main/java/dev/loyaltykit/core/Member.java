package dev.loyaltykit.core;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A loyalty-program member: who they are, how they can be found, what they agreed to be sent.
 * Points are not here: they live in the ledger, keyed by {@link #id()}.
 *
 * <pre>{@code
 * Member anna = Member.builder(MemberId.of("m-1"), clock.instant())
 *         .identifier(Identifier.phone("8 916 123-45-67", "RU"))
 *         .birthday(LocalDate.of(1990, 2, 28))
 *         .consent(Consent.granted(Channel.SMS, clock.instant()))
 *         .attribute("city", "Tver")
 *         .build();
 * }</pre>
 *
 * <p>Members are changed by creating a modified copy ({@link #toBuilder()}, {@code with...}) and
 * storing it with the version it was read at; {@link #version()} is maintained by the store.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the member id
 * @param version the store's optimistic-concurrency version, 0 before the member is stored
 * @param enrolledAt when the member joined
 * @param birthday the member's birthday, if known
 * @param identifiers phone numbers, cards, e-mails and external ids, each unique across members
 * @param consents marketing consent per channel; a channel absent here has no consent
 * @param attributes free-form attributes for segmentation (at most 64, keys and values at most
 *     128 characters)
 * @param status active, blocked or closed
 */
public record Member(MemberId id, long version, Instant enrolledAt, Optional<LocalDate> birthday,
        Set<Identifier> identifiers, Map<Channel, Consent> consents, Map<String, String> attributes,
        MemberStatus status) {
    static final int MAX_ATTRIBUTES = 64;

    /**
     * Validates and copies the fields.
     *
     * @throws InvalidArgumentException if the version is negative, a consent is filed under
     *     another channel, or the attributes are too many or too long
     */
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(enrolledAt, "enrolledAt");
        Objects.requireNonNull(birthday, "birthday");
        Objects.requireNonNull(status, "status");
        if (version < 0) {
            throw new InvalidArgumentException("version", "must be at least 0, but was " + version);
        }
        identifiers = Collections.unmodifiableSet(new LinkedHashSet<>(identifiers));
        EnumMap<Channel, Consent> c = new EnumMap<>(Channel.class);
        for (Map.Entry<Channel, Consent> e : consents.entrySet()) {
            if (e.getValue().channel() != e.getKey()) {
                throw new InvalidArgumentException("consents", "consent for " + e.getValue().channel()
                        + " filed under " + e.getKey());
            }
            c.put(e.getKey(), e.getValue());
        }
        consents = Collections.unmodifiableMap(c);
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new InvalidArgumentException("attributes", "at most " + MAX_ATTRIBUTES
                    + " attributes allowed, but there were " + attributes.size());
        }
        Map<String, String> a = new LinkedHashMap<>();
        attributes.forEach((k, v) -> a.put(Checks.id("attribute key", k),
                checkAttributeValue(k, Objects.requireNonNull(v, "attribute value"))));
        attributes = Collections.unmodifiableMap(a);
    }

    private static String checkAttributeValue(String key, String value) {
        if (value.length() > Checks.MAX_ID_LENGTH) {
            throw new InvalidArgumentException("attributes." + key, "must be at most "
                    + Checks.MAX_ID_LENGTH + " characters, but was " + value.length());
        }
        return value;
    }

    /**
     * Starts building a new, active member.
     *
     * @param id the member id
     * @param enrolledAt when the member joined
     * @return a builder
     */
    public static Builder builder(MemberId id, Instant enrolledAt) {
        return new Builder(id, enrolledAt);
    }

    /**
     * Returns a builder initialised with this member's fields, for making a changed copy.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(id, enrolledAt);
        b.version = version;
        b.birthday = birthday.orElse(null);
        b.identifiers.addAll(identifiers);
        b.consents.putAll(consents);
        b.attributes.putAll(attributes);
        b.status = status;
        return b;
    }

    /**
     * Returns the member's identifier of a type, if there is one (the first, if several).
     *
     * @param type the identifier type
     * @return the identifier
     */
    public Optional<Identifier> identifier(IdentifierType type) {
        for (Identifier i : identifiers) {
            if (i.type() == type) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether the member has consented to marketing messages on a channel.
     *
     * @param channel the channel
     * @return true if consent was given and not withdrawn
     */
    public boolean hasConsent(Channel channel) {
        Consent c = consents.get(channel);
        return c != null && c.granted();
    }

    /**
     * Returns a copy with a consent given or withdrawn.
     *
     * @param consent the new consent state of its channel
     * @return the changed member
     */
    public Member withConsent(Consent consent) {
        return toBuilder().consent(consent).build();
    }

    /**
     * Returns a copy with another status.
     *
     * @param newStatus the status
     * @return the changed member
     */
    public Member withStatus(MemberStatus newStatus) {
        return toBuilder().status(newStatus).build();
    }

    /**
     * Returns a copy with the given version; used by stores.
     *
     * @param newVersion the version
     * @return the member at that version
     */
    public Member withVersion(long newVersion) {
        return new Member(id, newVersion, enrolledAt, birthday, identifiers, consents, attributes, status);
    }

    /** Returns the id and status only: members carry personal data that must not reach logs. */
    @Override
    public String toString() {
        return "Member[" + id + ", v" + version + ", " + status + "]";
    }

    /**
     * Builds a {@link Member}. Each setter validates its argument.
     *
     * <p>Builders are not thread-safe.
     */
    public static final class Builder {
        private final MemberId id;
        private final Instant enrolledAt;
        private long version;
        private LocalDate birthday;
        private final Set<Identifier> identifiers = new LinkedHashSet<>();
        private final Map<Channel, Consent> consents = new EnumMap<>(Channel.class);
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private MemberStatus status = MemberStatus.ACTIVE;

        private Builder(MemberId id, Instant enrolledAt) {
            this.id = Objects.requireNonNull(id, "id");
            this.enrolledAt = Objects.requireNonNull(enrolledAt, "enrolledAt");
        }

        /**
         * Sets the birthday.
         *
         * @param value the birthday, or null for unknown
         * @return this builder
         */
        public Builder birthday(LocalDate value) {
            this.birthday = value;
            return this;
        }

        /**
         * Adds an identifier.
         *
         * @param value the identifier
         * @return this builder
         */
        public Builder identifier(Identifier value) {
            identifiers.add(Objects.requireNonNull(value, "identifier"));
            return this;
        }

        /**
         * Removes an identifier.
         *
         * @param value the identifier
         * @return this builder
         */
        public Builder removeIdentifier(Identifier value) {
            identifiers.remove(Objects.requireNonNull(value, "identifier"));
            return this;
        }

        /**
         * Records consent given or withdrawn on its channel, replacing the earlier state.
         *
         * @param value the consent
         * @return this builder
         */
        public Builder consent(Consent value) {
            Objects.requireNonNull(value, "consent");
            consents.put(value.channel(), value);
            return this;
        }

        /**
         * Sets an attribute.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder attribute(String key, String value) {
            attributes.put(Checks.id("attribute key", key), checkAttributeValue(key,
                    Objects.requireNonNull(value, "value")));
            return this;
        }

        /**
         * Sets the status.
         *
         * @param value the status
         * @return this builder
         */
        public Builder status(MemberStatus value) {
            this.status = Objects.requireNonNull(value, "status");
            return this;
        }

        /**
         * Builds the member.
         *
         * @return the member
         * @throws InvalidArgumentException if the attributes are too many
         */
        public Member build() {
            return new Member(id, version, enrolledAt, Optional.ofNullable(birthday), identifiers,
                    consents, attributes, status);
        }
    }
}
