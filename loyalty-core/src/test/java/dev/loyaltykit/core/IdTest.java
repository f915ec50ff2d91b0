package dev.loyaltykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.referral.Referral;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Ids and referral codes are text a store can keep unchanged: no unpaired UTF-16 surrogates,
 * which UTF-8 cannot encode and a database driver stores as '?', making two ids one.
 */
class IdTest {
    @Test
    void ids_withAnUnpairedSurrogate_areRefusedNamingTheArgument() {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> MemberId.of("x\uD800"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("memberId"))
                .withMessageContaining("surrogate");
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> OrderId.of("\uDC00x"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("orderId"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> PartnerId.of("p\uD800q"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("partnerId"));
    }

    @Test
    void ids_withAPairedSurrogate_areText() {
        assertThat(MemberId.of("anna\uD83D\uDE00").value()).hasSize(6);
    }

    @Test
    void referralCode_withASurrogate_isRefused() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Referral.pending(MemberId.of("f"), MemberId.of("r"), "K7\uD800", Instant.EPOCH))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("code"));
    }
}
