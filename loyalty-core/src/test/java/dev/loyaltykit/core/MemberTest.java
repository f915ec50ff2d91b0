package dev.loyaltykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberTest {
    private static final MemberId ANNA = MemberId.of("m-1");
    private static final Instant T0 = Instant.parse("2026-01-10T09:00:00Z");
    private static final Instant T1 = Instant.parse("2026-02-01T12:00:00Z");
    private static final Identifier PHONE = Identifier.phone("8 916 123-45-67", "RU");
    private static final Identifier EMAIL = Identifier.email("anna.petrova@example.com");
    private static final Identifier CARD = Identifier.card("0012 3456 7890");

    private static Member anna() {
        return Member.builder(ANNA, T0)
                .identifier(PHONE)
                .identifier(EMAIL)
                .birthday(LocalDate.of(1990, 2, 28))
                .consent(Consent.granted(Channel.SMS, T0))
                .attribute("city", "Tver")
                .build();
    }

    // ---- builder ------------------------------------------------------------------------------

    @Test
    void builder_setsEveryField() {
        Member member = anna();

        assertThat(member.id()).isEqualTo(ANNA);
        assertThat(member.version()).isZero();
        assertThat(member.enrolledAt()).isEqualTo(T0);
        assertThat(member.birthday()).contains(LocalDate.of(1990, 2, 28));
        assertThat(member.identifiers()).containsExactly(PHONE, EMAIL);
        assertThat(member.consents()).containsOnlyKeys(Channel.SMS);
        assertThat(member.attributes()).containsExactly(Map.entry("city", "Tver"));
        assertThat(member.status()).isEqualTo(MemberStatus.ACTIVE);
    }

    @Test
    void builder_nothingOptionalSet_givesAnActiveMemberWithEmptyCollections() {
        Member member = Member.builder(ANNA, T0).build();

        assertThat(member.birthday()).isEmpty();
        assertThat(member.identifiers()).isEmpty();
        assertThat(member.consents()).isEmpty();
        assertThat(member.attributes()).isEmpty();
        assertThat(member.status()).isEqualTo(MemberStatus.ACTIVE);
        assertThat(member.identifier(IdentifierType.PHONE)).isEmpty();
    }

    @Test
    void builder_birthdayNull_meansUnknown() {
        assertThat(Member.builder(ANNA, T0).birthday(LocalDate.of(2000, 1, 1)).birthday(null).build().birthday())
                .isEmpty();
    }

    @Test
    void builder_null_throwsNamingTheArgument() {
        assertThatNullPointerException().isThrownBy(() -> Member.builder(null, T0)).withMessage("id");
        assertThatNullPointerException().isThrownBy(() -> Member.builder(ANNA, null)).withMessage("enrolledAt");
        Member.Builder builder = Member.builder(ANNA, T0);
        assertThatNullPointerException().isThrownBy(() -> builder.identifier(null)).withMessage("identifier");
        assertThatNullPointerException().isThrownBy(() -> builder.status(null)).withMessage("status");
        assertThatNullPointerException().isThrownBy(() -> builder.attribute("city", null)).withMessage("value");
    }

    @Test
    void builderConsent_null_throwsNamingTheArgument() {
        // Regression: failed with an anonymous NPE from value.channel().
        assertThatNullPointerException().isThrownBy(() -> Member.builder(ANNA, T0).consent(null))
                .withMessage("consent");
    }

    @Test
    void toBuilder_roundTripsEveryField() {
        Member member = anna().withVersion(7).withStatus(MemberStatus.BLOCKED);

        assertThat(member.toBuilder().build()).isEqualTo(member);
    }

    @Test
    void toBuilder_removeIdentifier_leavesTheOriginalUnchanged() {
        Member member = anna();

        Member changed = member.toBuilder().removeIdentifier(EMAIL).identifier(CARD).build();

        assertThat(changed.identifiers()).containsExactly(PHONE, CARD);
        assertThat(member.identifiers()).containsExactly(PHONE, EMAIL);
    }

    @Test
    void identifier_byType_returnsTheFirstOfThatType() {
        Member member = anna().toBuilder().identifier(Identifier.phone("+380671234567")).build();

        assertThat(member.identifier(IdentifierType.PHONE)).contains(PHONE);
        assertThat(member.identifier(IdentifierType.EMAIL)).contains(EMAIL);
        assertThat(member.identifier(IdentifierType.CARD)).isEmpty();
    }

    @Test
    void identifiers_sameIdentifierTwice_isKeptOnce() {
        Member member = Member.builder(ANNA, T0).identifier(PHONE).identifier(Identifier.phone("+79161234567")).build();

        assertThat(member.identifiers()).containsExactly(PHONE);
    }

    @Test
    void withStatus_andWithVersion_changeOnlyThatField() {
        Member member = anna();

        Member closed = member.withStatus(MemberStatus.CLOSED);
        Member stored = member.withVersion(3);

        assertThat(closed.status()).isEqualTo(MemberStatus.CLOSED);
        assertThat(closed.toBuilder().status(MemberStatus.ACTIVE).build()).isEqualTo(member);
        assertThat(stored.version()).isEqualTo(3);
        assertThat(stored.withVersion(0)).isEqualTo(member);
        assertThat(member.status()).isEqualTo(MemberStatus.ACTIVE);
        assertThat(member.version()).isZero();
    }

    @Test
    void constructor_negativeVersion_isRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> anna().withVersion(-1))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("version"))
                .withMessageContaining("-1");
    }

    // ---- consent ------------------------------------------------------------------------------

    @Test
    void withConsent_granted_givesConsentOnThatChannelOnly() {
        Member member = Member.builder(ANNA, T0).build().withConsent(Consent.granted(Channel.EMAIL, T1));

        assertThat(member.hasConsent(Channel.EMAIL)).isTrue();
        assertThat(member.hasConsent(Channel.SMS)).isFalse();
        assertThat(member.hasConsent(Channel.PUSH)).isFalse();
        assertThat(member.consents().get(Channel.EMAIL)).isEqualTo(new Consent(Channel.EMAIL, true, T1));
    }

    @Test
    void withConsent_withdrawn_keepsTheRecordOfWhen() {
        Member granted = anna();
        Member withdrawn = granted.withConsent(Consent.withdrawn(Channel.SMS, T1));

        assertThat(withdrawn.hasConsent(Channel.SMS)).isFalse();
        assertThat(withdrawn.consents().get(Channel.SMS)).isEqualTo(new Consent(Channel.SMS, false, T1));
        assertThat(granted.hasConsent(Channel.SMS)).isTrue();
    }

    @Test
    void withConsent_grantedAgainAfterWithdrawal_isConsent() {
        Member member = anna().withConsent(Consent.withdrawn(Channel.SMS, T1))
                .withConsent(Consent.granted(Channel.SMS, T1.plusSeconds(60)));

        assertThat(member.hasConsent(Channel.SMS)).isTrue();
        assertThat(member.consents().get(Channel.SMS).at()).isEqualTo(T1.plusSeconds(60));
    }

    @Test
    void consent_null_throwsNamingTheField() {
        assertThatNullPointerException().isThrownBy(() -> Consent.granted(null, T0)).withMessage("channel");
        assertThatNullPointerException().isThrownBy(() -> Consent.withdrawn(Channel.SMS, null)).withMessage("at");
    }

    @Test
    void constructor_consentFiledUnderAnotherChannel_isRejected() {
        Map<Channel, Consent> consents = new EnumMap<>(Channel.class);
        consents.put(Channel.EMAIL, Consent.granted(Channel.SMS, T0));

        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new Member(ANNA, 0, T0, Optional.empty(), Set.of(), consents, Map.of(),
                        MemberStatus.ACTIVE))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("consents"))
                .withMessageContaining("SMS").withMessageContaining("EMAIL");
    }

    // ---- attributes ---------------------------------------------------------------------------

    @Test
    void attribute_sixtyFour_areAllowed() {
        Member.Builder builder = Member.builder(ANNA, T0);
        for (int i = 0; i < 64; i++) {
            builder.attribute("k" + i, "v" + i);
        }

        assertThat(builder.build().attributes()).hasSize(64);
    }

    @Test
    void attribute_sixtyFifth_isRejectedWhenBuilding() {
        Member.Builder builder = Member.builder(ANNA, T0);
        for (int i = 0; i < 65; i++) {
            builder.attribute("k" + i, "v");
        }

        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(builder::build)
                .satisfies(e -> assertThat(e.argument()).isEqualTo("attributes"))
                .withMessageContaining("at most 64").withMessageContaining("65");
    }

    @Test
    void attribute_sameKeyTwice_replacesTheValue() {
        Member member = Member.builder(ANNA, T0).attribute("city", "Tver").attribute("city", "Kazan").build();

        assertThat(member.attributes()).containsExactly(Map.entry("city", "Kazan"));
    }

    @Test
    void attribute_valueOf128_isAllowedAnd129_isRejected() {
        assertThat(Member.builder(ANNA, T0).attribute("note", "x".repeat(128)).build().attributes().get("note"))
                .hasSize(128);
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Member.builder(ANNA, T0).attribute("note", "x".repeat(129)))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("attributes.note"))
                .withMessageContaining("at most 128").withMessageContaining("129");
    }

    @Test
    void attribute_badKey_isRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Member.builder(ANNA, T0).attribute(" ", "x"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("attribute key"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Member.builder(ANNA, T0).attribute("k".repeat(129), "x"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("attribute key"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Member.builder(ANNA, T0).attribute("a\tb", "x"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("attribute key"));
    }

    @Test
    void constructor_tooManyOrTooLongAttributes_isRejected() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("k" + i, "v");
        }

        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new Member(ANNA, 0, T0, Optional.empty(), Set.of(), Map.of(), many,
                        MemberStatus.ACTIVE))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("attributes"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new Member(ANNA, 0, T0, Optional.empty(), Set.of(), Map.of(),
                        Map.of("note", "x".repeat(129)), MemberStatus.ACTIVE))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("attributes.note"));
    }

    // ---- immutability -------------------------------------------------------------------------

    @Test
    void constructor_copiesCollections() {
        Set<Identifier> identifiers = new HashSet<>(Set.of(PHONE));
        Map<Channel, Consent> consents = new EnumMap<>(Channel.class);
        consents.put(Channel.SMS, Consent.granted(Channel.SMS, T0));
        Map<String, String> attributes = new LinkedHashMap<>(Map.of("city", "Tver"));

        Member member = new Member(ANNA, 0, T0, Optional.empty(), identifiers, consents, attributes,
                MemberStatus.ACTIVE);
        identifiers.add(EMAIL);
        consents.clear();
        attributes.put("city", "Kazan");

        assertThat(member.identifiers()).containsExactly(PHONE);
        assertThat(member.consents()).containsOnlyKeys(Channel.SMS);
        assertThat(member.attributes()).containsEntry("city", "Tver");
    }

    @Test
    void accessors_returnUnmodifiableCollections() {
        Member member = anna();

        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> member.identifiers().add(CARD));
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> member.consents().remove(Channel.SMS));
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> member.attributes().put("city", "Kazan"));
    }

    @Test
    void builder_reusedAfterBuild_doesNotChangeTheBuiltMember() {
        Member.Builder builder = Member.builder(ANNA, T0).identifier(PHONE).attribute("city", "Tver");
        Member first = builder.build();

        builder.identifier(EMAIL).attribute("city", "Kazan").consent(Consent.granted(Channel.PUSH, T0));

        assertThat(first.identifiers()).containsExactly(PHONE);
        assertThat(first.attributes()).containsEntry("city", "Tver");
        assertThat(first.consents()).isEmpty();
    }

    // ---- no personal data in toString ----------------------------------------------------------

    @Test
    void toString_showsIdVersionAndStatusOnly() {
        Member member = anna().withVersion(4);

        assertThat(member).hasToString("Member[m-1, v4, ACTIVE]");
    }

    @Test
    void toString_leaksNoPersonalData() {
        Member member = anna().toBuilder().identifier(CARD).attribute("name", "Anna Petrova").build();

        assertThat(member.toString())
                .doesNotContain(PHONE.value())
                .doesNotContain(PHONE.masked())
                .doesNotContain("9161234567")
                .doesNotContain(EMAIL.value())
                .doesNotContain("anna")
                .doesNotContain(CARD.value())
                .doesNotContain("1990")
                .doesNotContain("Tver")
                .doesNotContain("Anna Petrova");
    }
}
