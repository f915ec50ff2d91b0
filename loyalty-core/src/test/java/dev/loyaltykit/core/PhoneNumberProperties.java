package dev.loyaltykit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class PhoneNumberProperties {

    @Provide
    Arbitrary<Optional<String>> regions() {
        return Arbitraries.of(PhoneNumbers.supportedRegions()).optional(0.8);
    }

    @Property(tries = 2000)
    @Label("whatever is typed is either rejected or normalised to an E.164 fixed point")
    void normalise_isIdempotent(
            @ForAll @StringLength(max = 20) @Chars({'0', '1', '2', '3', '7', '8', '9', '+', ' ', '-', '(', ')'})
            String raw,
            @ForAll("regions") Optional<String> region) {
        String e164;
        try {
            e164 = PhoneNumbers.normalise(raw, region.orElse(null));
        } catch (InvalidArgumentException e) {
            assertThat(e.argument()).isEqualTo("phone");
            return;
        }
        assertThat(e164).matches("\\+[1-9][0-9]{7,14}");
        assertThat(PhoneNumbers.normalise(e164, region.orElse(null))).isEqualTo(e164);
        assertThat(PhoneNumbers.normalise(e164, null)).isEqualTo(e164);
        assertThat(Identifier.phone(e164)).isEqualTo(new Identifier(IdentifierType.PHONE, e164));
    }

    @Provide
    Arbitrary<String> russianMobiles() {
        return Arbitraries.strings().numeric().ofLength(9).map(rest -> "9" + rest);
    }

    @Property
    @Label("a Russian mobile number is the same identifier however it is written")
    void russianMobile_allSpellingsAgree(@ForAll("russianMobiles") String national) {
        String e164 = "+7" + national;
        String spaced = national.substring(0, 3) + " " + national.substring(3, 6) + "-" + national.substring(6, 8)
                + "-" + national.substring(8);

        assertThat(Identifier.phone("8 (" + spaced.substring(0, 3) + ") " + spaced.substring(4), "RU").value())
                .isEqualTo(e164);
        assertThat(Identifier.phone("8" + national, "RU").value()).isEqualTo(e164);
        assertThat(Identifier.phone(national, "RU").value()).isEqualTo(e164);
        assertThat(Identifier.phone("+7 " + spaced).value()).isEqualTo(e164);
        assertThat(Identifier.phone("007" + national).value()).isEqualTo(e164);
        assertThat(Identifier.phone(e164, "KZ").value()).isEqualTo(e164);
    }

    @Property
    @Label("a phone identifier's toString never shows the number")
    void phone_toStringNeverShowsTheNumber(@ForAll("russianMobiles") String national) {
        Identifier phone = Identifier.phone(national, "RU");

        assertThat(phone.toString()).doesNotContain(phone.value()).doesNotContain(national);
        assertThat(phone.masked()).hasSameSizeAs(phone.value()).startsWith("+7").endsWith(national.substring(8));
    }
}
