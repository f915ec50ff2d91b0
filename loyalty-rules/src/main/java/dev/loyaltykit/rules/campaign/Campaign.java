package dev.loyaltykit.rules.campaign;

import dev.loyaltykit.core.Channel;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.rules.internal.Names;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A campaign that runs by itself: set up once, it fires for each member on each occasion of its
 * {@link Trigger}, at most once, gives points (with their own expiry) and/or sends a templated
 * message on the first channel the member consented to, and holds back a control group so its
 * effect can be measured.
 *
 * <pre>{@code
 * Campaign birthday = Campaign.of("birthday", new Trigger.Birthday(3))
 *         .withReward(200, Period.ofDays(14))
 *         .withMessage("birthday-gift", Channel.MESSENGER, Channel.SMS)
 *         .withControlPercent("10");
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the campaign id
 * @param trigger when it fires
 * @param points the points given on each occasion, if any
 * @param pointsExpireAfter when those points expire, if ever
 * @param template the message template key, if the campaign sends a message
 * @param channels the channels to try, in order of preference
 * @param tiers only members of these tiers (empty for all)
 * @param memberAttributes only members with these attribute values
 * @param from the first day the campaign runs, in the program's time zone
 * @param to the last day
 * @param controlPercent the share of members held back as a control group, 0 to 50
 * @param attributionWindow a purchase within this period after an occasion counts as the campaign's effect
 * @param segments only members in all of these segments (program-defined or registered by the host)
 */
public record Campaign(String id, Trigger trigger, OptionalLong points, Optional<Period> pointsExpireAfter,
        Optional<String> template, List<Channel> channels, Set<String> tiers, Map<String, String> memberAttributes,
        Optional<LocalDate> from, Optional<LocalDate> to, BigDecimal controlPercent, Period attributionWindow,
        Set<String> segments) {

    /**
     * Validates and copies the fields.
     *
     * @throws InvalidArgumentException if a value is out of range, or the campaign neither rewards nor messages
     */
    public Campaign {
        Names.id("id", id);
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(pointsExpireAfter, "pointsExpireAfter");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(controlPercent, "controlPercent");
        Objects.requireNonNull(attributionWindow, "attributionWindow");
        channels = List.copyOf(channels);
        tiers = Collections.unmodifiableSet(new TreeSet<>(tiers));
        segments = Collections.unmodifiableSet(new TreeSet<>(segments));
        memberAttributes = Collections.unmodifiableMap(new TreeMap<>(memberAttributes));
        BigDecimal c = controlPercent.stripTrailingZeros();
        controlPercent = c.scale() < 0 ? c.setScale(0) : c;
        if (points.isPresent() && points.getAsLong() <= 0) {
            throw new InvalidArgumentException("points", "must be positive, but was " + points.getAsLong());
        }
        if (points.isEmpty() && template.isEmpty()) {
            throw new InvalidArgumentException("points", "campaign " + id + " neither gives points nor sends a message");
        }
        if (pointsExpireAfter.isPresent() && (pointsExpireAfter.get().isNegative() || pointsExpireAfter.get().isZero())) {
            throw new InvalidArgumentException("pointsExpireAfter", "must be positive, but was " + pointsExpireAfter.get());
        }
        template.ifPresent(t -> Names.id("template", t));
        if (template.isPresent() && channels.isEmpty()) {
            throw new InvalidArgumentException("channels", "a message needs at least one channel");
        }
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            throw new InvalidArgumentException("to", "must not be before from " + from.get() + ", but was " + to.get());
        }
        if (controlPercent.signum() < 0 || controlPercent.compareTo(BigDecimal.valueOf(50)) > 0) {
            throw new InvalidArgumentException("controlPercent", "must be between 0 and 50, but was "
                    + controlPercent.toPlainString());
        }
        if (attributionWindow.isNegative() || attributionWindow.isZero()) {
            throw new InvalidArgumentException("attributionWindow", "must be positive, but was " + attributionWindow);
        }
    }

    /**
     * A campaign for all segments.
     *
     * @param id the campaign id
     * @param trigger when it fires
     * @param points the points given on each occasion, if any
     * @param pointsExpireAfter when those points expire, if ever
     * @param template the message template key, if any
     * @param channels the channels to try, in order of preference
     * @param tiers only members of these tiers (empty for all)
     * @param memberAttributes only members with these attribute values
     * @param from the first day the campaign runs
     * @param to the last day
     * @param controlPercent the share held back as a control group
     * @param attributionWindow the attribution window
     */
    public Campaign(String id, Trigger trigger, OptionalLong points, Optional<Period> pointsExpireAfter,
            Optional<String> template, List<Channel> channels, Set<String> tiers, Map<String, String> memberAttributes,
            Optional<LocalDate> from, Optional<LocalDate> to, BigDecimal controlPercent, Period attributionWindow) {
        this(id, trigger, points, pointsExpireAfter, template, channels, tiers, memberAttributes, from, to,
                controlPercent, attributionWindow, Set.of());
    }

    /**
     * Only for members in some segments.
     *
     * @param values the segment ids
     * @return the changed campaign
     */
    public Campaign forSegments(String... values) {
        return new Campaign(id, trigger, points, pointsExpireAfter, template, channels, tiers, memberAttributes, from,
                to, controlPercent, attributionWindow, Set.of(values));
    }

    /**
     * A campaign with no reward and no message yet: add one with {@link #withReward} or
     * {@link #withMessage}. Attribution window 30 days, no control group, always active.
     *
     * @param id the id
     * @param trigger the trigger
     * @param points the points given on each occasion
     * @return the campaign
     */
    public static Campaign of(String id, Trigger trigger, long points) {
        return new Campaign(id, trigger, OptionalLong.of(points), Optional.empty(), Optional.empty(), List.of(), Set.of(),
                Map.of(), Optional.empty(), Optional.empty(), BigDecimal.ZERO, Period.ofDays(30));
    }

    /**
     * A message-only campaign.
     *
     * @param id the id
     * @param trigger the trigger
     * @param template the template key
     * @param channels the channels in order of preference
     * @return the campaign
     */
    public static Campaign message(String id, Trigger trigger, String template, Channel... channels) {
        return new Campaign(id, trigger, OptionalLong.empty(), Optional.empty(), Optional.of(template), List.of(channels),
                Set.of(), Map.of(), Optional.empty(), Optional.empty(), BigDecimal.ZERO, Period.ofDays(30));
    }

    /**
     * With points that expire.
     *
     * @param value the points
     * @param expireAfter when they expire
     * @return the changed campaign
     */
    public Campaign withReward(long value, Period expireAfter) {
        return new Campaign(id, trigger, OptionalLong.of(value), Optional.of(expireAfter), template, channels, tiers,
                memberAttributes, from, to, controlPercent, attributionWindow, segments);
    }

    /**
     * With a message.
     *
     * @param value the template key
     * @param on the channels in order of preference
     * @return the changed campaign
     */
    public Campaign withMessage(String value, Channel... on) {
        return new Campaign(id, trigger, points, pointsExpireAfter, Optional.of(value), List.of(on), tiers,
                memberAttributes, from, to, controlPercent, attributionWindow, segments);
    }

    /**
     * Only for members of some tiers.
     *
     * @param values the tier ids
     * @return the changed campaign
     */
    public Campaign forTiers(String... values) {
        return new Campaign(id, trigger, points, pointsExpireAfter, template, channels, Set.of(values), memberAttributes,
                from, to, controlPercent, attributionWindow, segments);
    }

    /**
     * Only for members with an attribute value.
     *
     * @param key the attribute
     * @param value the value
     * @return the changed campaign
     */
    public Campaign forAttribute(String key, String value) {
        Map<String, String> attrs = new TreeMap<>(memberAttributes);
        attrs.put(key, value);
        return new Campaign(id, trigger, points, pointsExpireAfter, template, channels, tiers, attrs, from, to,
                controlPercent, attributionWindow, segments);
    }

    /**
     * Active only between two days.
     *
     * @param first the first day
     * @param last the last day
     * @return the changed campaign
     */
    public Campaign between(LocalDate first, LocalDate last) {
        return new Campaign(id, trigger, points, pointsExpireAfter, template, channels, tiers, memberAttributes,
                Optional.of(first), Optional.of(last), controlPercent, attributionWindow, segments);
    }

    /**
     * With a control group.
     *
     * @param percent the share held back, e.g. {@code "10"}
     * @return the changed campaign
     */
    public Campaign withControlPercent(String percent) {
        return new Campaign(id, trigger, points, pointsExpireAfter, template, channels, tiers, memberAttributes, from,
                to, new BigDecimal(percent), attributionWindow, segments);
    }

    /**
     * With an attribution window.
     *
     * @param value a purchase within this period after an occasion counts
     * @return the changed campaign
     */
    public Campaign withAttributionWindow(Period value) {
        return new Campaign(id, trigger, points, pointsExpireAfter, template, channels, tiers, memberAttributes, from,
                to, controlPercent, value, segments);
    }
}
