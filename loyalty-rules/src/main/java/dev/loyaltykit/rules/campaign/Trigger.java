package dev.loyaltykit.rules.campaign;

import dev.loyaltykit.core.Channel;
import dev.loyaltykit.core.InvalidArgumentException;
import java.util.Objects;
import java.util.Optional;

/**
 * When a campaign fires for a member. Each kind defines its occasion (a welcome, this year's
 * birthday, one sleeping spell, one expiry date, one anniversary): a member gets each occasion
 * of a campaign at most once.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface Trigger permits Trigger.Welcome, Trigger.Birthday, Trigger.WinBack, Trigger.ExpiryReminder,
        Trigger.Anniversary, Trigger.SegmentEntered {

    /**
     * The trigger's kind as named in JSON.
     *
     * @return e.g. {@code birthday}
     */
    String type();

    /**
     * On enrolment, or when the member first consents to a channel (joining the shop's chat bot):
     * the bonus is available at once, so it can pay for the purchase in hand.
     *
     * @param onConsent the channel whose first consent triggers it, or empty for enrolment
     */
    record Welcome(Optional<Channel> onConsent) implements Trigger {
        /** Checks the field. */
        public Welcome {
            Objects.requireNonNull(onConsent, "onConsent");
        }

        @Override
        public String type() {
            return "welcome";
        }
    }

    /**
     * Around the member's birthday, once per year; a birthday on 29 February is celebrated on
     * 28 February in other years.
     *
     * @param daysBefore how many days before the birthday the occasion opens (0 to 31)
     */
    record Birthday(int daysBefore) implements Trigger {
        /**
         * Checks the field.
         *
         * @throws InvalidArgumentException if out of range
         */
        public Birthday {
            if (daysBefore < 0 || daysBefore > 31) {
                throw new InvalidArgumentException("daysBefore", "must be between 0 and 31, but was " + daysBefore);
            }
        }

        @Override
        public String type() {
            return "birthday";
        }
    }

    /**
     * A sleeping member: no purchase for {@code inactiveDays} (counted from enrolment if never
     * bought). Once per sleeping spell: the next purchase starts a new spell.
     *
     * @param inactiveDays days without a purchase, 1 to 3650
     */
    record WinBack(int inactiveDays) implements Trigger {
        /**
         * Checks the field.
         *
         * @throws InvalidArgumentException if out of range
         */
        public WinBack {
            if (inactiveDays < 1 || inactiveDays > 3650) {
                throw new InvalidArgumentException("inactiveDays", "must be between 1 and 3650, but was "
                        + inactiveDays);
            }
        }

        @Override
        public String type() {
            return "winBack";
        }
    }

    /**
     * Points are about to expire: within {@code daysBefore} days. Once per expiry date.
     *
     * @param daysBefore how many days ahead to look, 1 to 365
     */
    record ExpiryReminder(int daysBefore) implements Trigger {
        /**
         * Checks the field.
         *
         * @throws InvalidArgumentException if out of range
         */
        public ExpiryReminder {
            if (daysBefore < 1 || daysBefore > 365) {
                throw new InvalidArgumentException("daysBefore", "must be between 1 and 365, but was " + daysBefore);
            }
        }

        @Override
        public String type() {
            return "expiryReminder";
        }
    }

    /** The anniversary of enrolment, within 30 days after it; once per year of membership. */
    record Anniversary() implements Trigger {
        @Override
        public String type() {
            return "anniversary";
        }
    }

    /**
     * The member entered a segment the host defines in code
     * ({@code LoyaltyProgram.Builder.segment(name, segment)}): once per entry; leaving and
     * entering again is a new occasion. Checked by {@code runDue}.
     *
     * @param segment the segment's name
     */
    record SegmentEntered(String segment) implements Trigger {
        /**
         * Checks the field.
         *
         * @throws InvalidArgumentException if the name is not an id
         */
        public SegmentEntered {
            dev.loyaltykit.rules.internal.Names.id("segment", segment);
        }

        @Override
        public String type() {
            return "segmentEntered";
        }
    }
}
