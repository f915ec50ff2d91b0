package dev.loyaltykit.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The self-referral comparison on its own. Through the facade two members can never share a phone
 * number or card (identifiers are unique across members), so those cases are checked here.
 */
class ReferralsTest {
    static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");

    static Member member(String id, Identifier... identifiers) {
        Member.Builder b = Member.builder(MemberId.of(id), AT);
        for (Identifier i : identifiers) {
            b.identifier(i);
        }
        return b.build();
    }

    @Test
    void sharesIdentity_samePhone() {
        assertThat(Referrals.sharesIdentity(member("a", Identifier.phone("+79161234567")),
                member("b", Identifier.phone("8 916 123-45-67", "RU")))).isTrue();
    }

    @Test
    void sharesIdentity_sameCard() {
        assertThat(Referrals.sharesIdentity(member("a", Identifier.card("0012 3456 7890")),
                member("b", Identifier.email("b@example.com"), Identifier.card("001234567890")))).isTrue();
    }

    @Test
    void sharesIdentity_sameMailboxWrittenDifferently() {
        assertThat(Referrals.sharesIdentity(member("a", Identifier.email("Anna.Smith+shop@GoogleMail.com")),
                member("b", Identifier.email("annasmith@gmail.com")))).isTrue();
    }

    @Test
    void sharesIdentity_nothingInCommon() {
        assertThat(Referrals.sharesIdentity(
                member("a", Identifier.phone("+79161234567"), Identifier.email("anna@example.com")),
                member("b", Identifier.phone("+79161234568"), Identifier.email("anna@example.org")))).isFalse();
    }

    @Test
    void sharesIdentity_sameExternalIdOrPhoneDigitsAsCard_doesNotCount() {
        assertThat(Referrals.sharesIdentity(member("a", Identifier.external("crm-1"), Identifier.card("79161234567")),
                member("b", Identifier.external("crm-1"), Identifier.phone("+79161234567")))).isFalse();
    }

    @Test
    void canonicalEmail_plusTagDroppedEverywhere_dotsOnlyForGmail() {
        assertThat(Referrals.canonicalEmail("anna+x@example.com")).isEqualTo("anna@example.com");
        assertThat(Referrals.canonicalEmail("a.n.na@example.com")).isEqualTo("a.n.na@example.com");
        assertThat(Referrals.canonicalEmail("a.n.na+promo+2@googlemail.com")).isEqualTo("anna@gmail.com");
        assertThat(Referrals.canonicalEmail("ANNA@GMAIL.COM")).isEqualTo("anna@gmail.com");
        assertThat(Referrals.canonicalEmail("+only@example.com")).isEqualTo("@example.com");
    }
}
