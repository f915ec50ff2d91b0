package dev.loyaltykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierTest {

    // ---- phone: international form ----------------------------------------------------------

    @Test
    void phone_internationalWithSpaces_isE164() {
        Identifier phone = Identifier.phone("+7 916 123 45 67");

        assertThat(phone.type()).isEqualTo(IdentifierType.PHONE);
        assertThat(phone.value()).isEqualTo("+79161234567");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+7 (916) 123-45-67", "+7.916.123.45.67", "  +79161234567  ", "007 916 123 45 67",
        "+7-916-1234567"})
    void phone_internationalWithSeparators_isE164(String raw) {
        assertThat(Identifier.phone(raw).value()).isEqualTo("+79161234567");
    }

    @Test
    void phone_doubleZeroPrefix_isReadAsInternational() {
        assertThat(Identifier.phone("00380 67 123 45 67").value()).isEqualTo("+380671234567");
        assertThat(Identifier.phone("00380671234567", "RU").value()).isEqualTo("+380671234567");
    }

    @Test
    void phone_internationalWithDefaultRegionOfAnotherCountry_keepsItsCountryCode() {
        assertThat(Identifier.phone("+380 67 123 45 67", "RU").value()).isEqualTo("+380671234567");
    }

    // ---- phone: national form -----------------------------------------------------------------

    @Test
    void phone_russianNationalWithTrunkPrefix_isE164() {
        assertThat(Identifier.phone("8 (916) 123-45-67", "RU").value()).isEqualTo("+79161234567");
    }

    @ParameterizedTest
    @CsvSource({
        "8 (916) 123-45-67, RU, +79161234567",
        "916 123 45 67,     RU, +79161234567",
        "8 800 555 35 35,   RU, +78005553535",
        "8 (916) 123-45-67, ru, +79161234567",
        "8 701 123 45 67,   KZ, +77011234567",
        "067 123 45 67,     UA, +380671234567",
        "(067) 123-45-67,   UA, +380671234567",
        "67 123 45 67,      UA, +380671234567",
        "8 029 123-45-67,   BY, +375291234567",
        "512 345 678,       PL, +48512345678",
        "030 12345678,      DE, +493012345678",
        "07911 123456,      GB, +447911123456",
        "06 12 34 56 78,    FR, +33612345678",
        "(212) 555-1234,    US, +12125551234",
        "1 212 555 1234,    US, +12125551234",
        "1 416 555 0100,    CA, +14165550100",
    })
    void phone_nationalNumberOfSupportedRegion_isE164(String raw, String region, String e164) {
        assertThat(Identifier.phone(raw, region).value()).isEqualTo(e164);
    }

    @Test
    void phone_sameNumberWrittenDifferently_isTheSameIdentifier() {
        Identifier till = Identifier.phone("8 (916) 123-45-67", "RU");
        Identifier web = Identifier.phone("+7 916 1234567");

        assertThat(till).isEqualTo(web);
        assertThat(till.hashCode()).isEqualTo(web.hashCode());
    }

    @Test
    void supportedRegions_areSortedTwoLetterCodes() {
        assertThat(List.copyOf(PhoneNumbers.supportedRegions())).contains("RU", "UA", "KZ", "BY", "US").isSorted()
                .allSatisfy(r -> assertThat(r).matches("[A-Z]{2}"));
    }

    // ---- phone: invalid -----------------------------------------------------------------------

    @Test
    void phone_nationalWithoutDefaultRegion_isRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Identifier.phone("8 916 123 45 67"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("phone"))
                .withMessageContaining("must start with + and the country code");
    }

    @ParameterizedTest
    @CsvSource({
        "916 123 45 6,       RU",
        "8 916 123 45 678,   RU",
        "7 916 123 45 67,    RU",
        "067 123 45 678,     UA",
        "8 029 123 45 678,   BY",
    })
    void phone_nationalOfWrongLength_isRejectedNamingTheExpectedLength(String raw, String region) {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Identifier.phone(raw, region))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("phone"))
                .withMessageContaining("digits after the trunk prefix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+7 123", "+1234567", "+1234567890123456", "+0 916 123 45 67", "+7 916 CALL-ME",
        "+", "", "   ", "++79161234567", "0079161234567x", "+7 916 123 45 67 ext 2"})
    void phone_notAnE164Number_isRejected(String raw) {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Identifier.phone(raw))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("phone"));
    }

    @Test
    void phone_invalid_messageMasksTheNumber() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Identifier.phone("+7 916 123 45 67 89 01 23"))
                .withMessageNotContaining("9161234567")
                .withMessageContaining("+7")
                .withMessageContaining("not a valid phone number");
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Identifier.phone("916 123 45 6", "RU"))
                .withMessageNotContaining("916123456");
    }

    @Test
    void phone_unsupportedRegionForNationalNumber_isRejectedListingSupportedRegions() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Identifier.phone("0612 345 678", "NL"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("defaultRegion"))
                .withMessageContaining("'NL'")
                .withMessageContaining(PhoneNumbers.supportedRegions().toString());
    }

    @Test
    void phone_unsupportedRegionWithInternationalNumber_isRejected() {
        // Regression: a misconfigured default region went unnoticed until the first national number.
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Identifier.phone("+7 916 123 45 67", "XX"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("defaultRegion"))
                .withMessageContaining("'XX'");
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> PhoneNumbers.normalise("+79161234567", ""))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("defaultRegion"));
    }

    @ParameterizedTest
    @CsvSource({
        "067 123 45 6,  UA",
        "0 67 123 45 6, UA",
        "0791 112 345,  GB",
        "06 12 34 56 7, FR",
    })
    void phone_nationalNumberStartingWithZeroAfterTrunkPrefix_isRejected(String raw, String region) {
        // Regression: a number one digit short kept its trunk prefix 0 and became "+380 067...",
        // although no national significant number of a supported region starts with 0.
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Identifier.phone(raw, region))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("phone"));
    }

    @Test
    void phone_null_throwsNamingTheArgument() {
        // Regression: a null number failed inside String.strip() with no argument name.
        assertThatNullPointerException().isThrownBy(() -> Identifier.phone(null)).withMessage("raw");
        assertThatNullPointerException().isThrownBy(() -> Identifier.phone(null, "RU")).withMessage("raw");
        assertThatNullPointerException().isThrownBy(() -> Identifier.phone("+79161234567", null))
                .withMessage("defaultRegion");
    }

    // ---- card ---------------------------------------------------------------------------------

    @Test
    void card_separatorsRemovedAndUpperCased() {
        assertThat(Identifier.card("0012 3456 7890").value()).isEqualTo("001234567890");
        assertThat(Identifier.card("ab-12-cd").value()).isEqualTo("AB12CD");
        assertThat(Identifier.card(" 1234\t5678 ").value()).isEqualTo("12345678");
        assertThat(Identifier.card("0012 3456 7890").type()).isEqualTo(IdentifierType.CARD);
    }

    @Test
    void card_lengthBounds_fourToThirtyTwo() {
        assertThat(Identifier.card("1234").value()).isEqualTo("1234");
        assertThat(Identifier.card("9".repeat(32)).value()).hasSize(32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "", "----", "1234#5678", "1234_5678", "123456789012345678901234567890123",
        "КАРТА1234"})
    void card_invalid_isRejected(String raw) {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> Identifier.card(raw))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("card"))
                .withMessageContaining("4 to 32 letters and digits");
    }

    @Test
    void card_invalid_messageMasksTheNumber() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Identifier.card("4000 1234 5678 9010 #"))
                .withMessageNotContaining("40001234567890")
                .withMessageNotContaining("1234 5678");
    }

    // ---- e-mail -------------------------------------------------------------------------------

    @Test
    void email_trimmedAndLowerCased() {
        Identifier email = Identifier.email("  Anna.Petrova@Example.COM ");

        assertThat(email.type()).isEqualTo(IdentifierType.EMAIL);
        assertThat(email.value()).isEqualTo("anna.petrova@example.com");
        assertThat(email).isEqualTo(Identifier.email("anna.petrova@example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"anna", "anna@", "@example.com", "anna@localhost", "anna@ex ample.com",
        "an na@example.com", "a@b@example.com", "anna@-example.com", "anna@example..com", ""})
    void email_malformed_isRejected(String raw) {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> Identifier.email(raw))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("email"));
    }

    @Test
    void email_malformed_messageMasksTheAddress() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Identifier.email("anna.petrova@localhost"))
                .withMessageNotContaining("anna.petrova")
                .withMessageNotContaining("petrova@localhost");
    }

    // ---- external id --------------------------------------------------------------------------

    @Test
    void external_keptAsGiven() {
        Identifier id = Identifier.external("CRM-42/Anna");

        assertThat(id.type()).isEqualTo(IdentifierType.EXTERNAL);
        assertThat(id.value()).isEqualTo("CRM-42/Anna");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", " crm-42", "crm-42 ", "crm\n42", "crm\t42"})
    void external_blankPaddedOrWithControlCharacters_isRejected(String raw) {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> Identifier.external(raw))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("externalId"));
    }

    @Test
    void external_longerThan128_isRejected() {
        assertThat(Identifier.external("x".repeat(128)).value()).hasSize(128);
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Identifier.external("x".repeat(129)))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("externalId"))
                .withMessageContaining("at most 128").withMessageContaining("129");
    }

    @Test
    void nonPhoneFactories_null_throwNamingTheArgument() {
        assertThatNullPointerException().isThrownBy(() -> Identifier.card(null)).withMessage("raw");
        assertThatNullPointerException().isThrownBy(() -> Identifier.email(null)).withMessage("raw");
        assertThatNullPointerException().isThrownBy(() -> Identifier.external(null)).withMessage("raw");
    }

    // ---- canonical constructor ------------------------------------------------------------------

    @Test
    void constructor_normalisedValue_isAccepted() {
        assertThat(new Identifier(IdentifierType.PHONE, "+79161234567"))
                .isEqualTo(Identifier.phone("8 916 123 45 67", "RU"));
        assertThat(new Identifier(IdentifierType.CARD, "AB12")).isEqualTo(Identifier.card("ab12"));
    }

    @Test
    void constructor_valueNotInNormalForm_isRejectedPointingToTheFactory() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new Identifier(IdentifierType.CARD, "ab12"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("identifier"))
                .withMessageContaining("Identifier.card(...)")
                .withMessageNotContaining("ab12");
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new Identifier(IdentifierType.EMAIL, "Anna@example.com"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("identifier"))
                .withMessageNotContaining("Anna@example.com");
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new Identifier(IdentifierType.PHONE, "+7 916 123 45 67"))
                .withMessageNotContaining("916 123 45 67");
    }

    @Test
    void constructor_nationalPhone_isRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new Identifier(IdentifierType.PHONE, "89161234567"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("phone"));
    }

    @Test
    void constructor_null_throwsNamingTheField() {
        assertThatNullPointerException().isThrownBy(() -> new Identifier(null, "x")).withMessage("type");
        assertThatNullPointerException().isThrownBy(() -> new Identifier(IdentifierType.CARD, null))
                .withMessage("value");
    }

    // ---- masking ------------------------------------------------------------------------------

    @Test
    void masked_keepsFirstTwoAndLastTwoCharacters() {
        assertThat(Identifier.phone("+79161234567").masked()).isEqualTo("+7********67");
        assertThat(Identifier.email("anna@example.com").masked()).isEqualTo("an************om");
        assertThat(Identifier.card("1234").masked()).isEqualTo("****");
    }

    @Test
    void toString_isTypeAndMaskedValue() {
        assertThat(Identifier.phone("+79161234567")).hasToString("PHONE:+7********67");
        assertThat(Identifier.card("0012 3456 7890")).hasToString("CARD:00********90");
    }

    @Test
    void toString_neverContainsTheFullValue() {
        List<Identifier> identifiers = List.of(
                Identifier.phone("+79161234567"),
                Identifier.phone("+12125551234"),
                Identifier.card("1234"),
                Identifier.card("12345"),
                Identifier.card("0012 3456 7890"),
                Identifier.email("a@b.co"),
                Identifier.email("anna.petrova@example.com"),
                Identifier.external("m-1"),
                Identifier.external("crm-000042"));

        assertThat(identifiers).allSatisfy(i -> {
            assertThat(i.toString()).doesNotContain(i.value());
            assertThat(i.masked()).doesNotContain(i.value()).hasSameSizeAs(i.value());
            assertThat(List.of(i).toString()).doesNotContain(i.value());
        });
    }
}
