package dev.loyaltykit.rules.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.memory.InMemoryReferralStore;
import dev.loyaltykit.core.referral.ReferralStatus;
import dev.loyaltykit.rules.Fixtures;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.internal.ReferralCodes;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Referral codes: unique, short, unambiguous, found however they are typed, not derived from ids. */
class ReferralCodeProperties {
    static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
    static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    static final Pattern GENERATED = Pattern.compile("[" + ALPHABET + "]{8}");

    static LoyaltyProgram program(InMemoryReferralStore store) {
        return LoyaltyProgram.builder(ProgramDefinition.builder("p", Fixtures.RUB)
                .referral(ReferralScheme.of(100, FriendReward.points(100))).build())
                .clock(new Fixtures.MutableClock(AT)).referralStore(store).build();
    }

    @Property(tries = 3)
    @Label("the codes of a large number of members are unique, 8 characters of the allowed alphabet, and lead back to their member")
    void referralCode_manyMembers_uniqueAndFromTheAlphabet(@ForAll @IntRange(min = 10_000, max = 30_000) int members) {
        InMemoryReferralStore store = new InMemoryReferralStore();
        LoyaltyProgram program = program(store);
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < members; i++) {
            MemberId id = MemberId.of("m-" + i);
            program.enroll(Member.builder(id, AT).build());
            String code = program.referralCode(id);

            assertThat(code).matches(GENERATED);
            assertThat(store.findMemberByCode(code)).contains(id);
            codes.add(code);
        }
        assertThat(codes).hasSize(members);
    }

    @Property(tries = 10)
    @Label("the default supplier gives 8 characters without 0, O, 1, I or L")
    void secureRandomSupplier_usesOnlyTheAlphabet(@ForAll @IntRange(min = 1000, max = 20_000) int count) {
        Supplier<String> supplier = ReferralCodes.secureRandom();
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String code = supplier.get();
            assertThat(code).matches(GENERATED).doesNotContainPattern("[0O1IL]");
            code.chars().forEach(c -> seen.add((char) c));
        }
        // Every character of the alphabet turns up: the codes use all of it.
        assertThat(seen).hasSize(ALPHABET.length());
    }

    @Property(tries = 50)
    @Label("a code is not derived from the member id: the same id gets unrelated codes in two programs")
    void referralCode_sameMemberIdTwoPrograms_differentCodes(@ForAll("memberIds") String memberId) {
        MemberId id = MemberId.of(memberId);
        LoyaltyProgram first = program(new InMemoryReferralStore());
        LoyaltyProgram second = program(new InMemoryReferralStore());
        first.enroll(Member.builder(id, AT).build());
        second.enroll(Member.builder(id, AT).build());

        assertThat(first.referralCode(id)).isNotEqualTo(second.referralCode(id));
    }

    @Property(tries = 200)
    @Label("a code typed in any case, with spaces and dashes, finds its member")
    void enroll_codeTypedAnyhow_linksToTheOwner(@ForAll("typings") Typing typing) {
        LoyaltyProgram program = program(new InMemoryReferralStore());
        MemberId anna = MemberId.of("anna");
        program.enroll(Member.builder(anna, AT).build());
        String code = program.referralCode(anna);

        program.enroll(Member.builder(MemberId.of("boris"), AT).build(), typing.apply(code), Optional.empty());

        assertThat(program.referralOf(MemberId.of("boris")).orElseThrow())
                .satisfies(r -> assertThat(r.referrer()).isEqualTo(anna))
                .satisfies(r -> assertThat(r.status()).isEqualTo(ReferralStatus.PENDING));
    }

    @Property(tries = 300)
    @Label("a host code with a character outside the alphabet is rejected")
    void assignReferralCode_foreignCharacter_isInvalid(@ForAll("validCodes") String valid,
            @ForAll("foreign") char bad, @ForAll @IntRange(min = 0, max = 16) int at) {
        LoyaltyProgram program = program(new InMemoryReferralStore());
        MemberId anna = MemberId.of("anna");
        program.enroll(Member.builder(anna, AT).build());
        int where = Math.min(at, valid.length());
        String code = valid.substring(0, where) + bad + valid.substring(where);

        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> program.assignReferralCode(anna, code))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("code"));
    }

    @Property(tries = 300)
    @Label("a host code of 4 to 16 alphabet characters is accepted and found")
    void assignReferralCode_validCode_isAccepted(@ForAll("validCodes") String code) {
        LoyaltyProgram program = program(new InMemoryReferralStore());
        MemberId anna = MemberId.of("anna");
        program.enroll(Member.builder(anna, AT).build());

        program.assignReferralCode(anna, code.toLowerCase());

        assertThat(program.referralCode(anna)).isEqualTo(code);
    }

    /** Lower-cases some letters and puts spaces or dashes between some characters. */
    record Typing(long lowerMask, long separatorMask, boolean dash) {
        String apply(String code) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < code.length(); i++) {
                char c = code.charAt(i);
                b.append((lowerMask >> i & 1) == 1 ? Character.toLowerCase(c) : c);
                if ((separatorMask >> i & 1) == 1) {
                    b.append(dash ? '-' : ' ');
                }
            }
            return " " + b + " ";
        }
    }

    @Provide
    Arbitrary<Typing> typings() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.of(true, false))
                .as(Typing::new);
    }

    @Provide
    Arbitrary<String> validCodes() {
        return Arbitraries.strings().withChars(ALPHABET).ofMinLength(4).ofMaxLength(16);
    }

    @Provide
    Arbitrary<Character> foreign() {
        return Arbitraries.of('0', 'O', 'o', '1', 'I', 'i', 'L', 'l', '_', '.', '!', 'Ж', 'É', '+');
    }

    @Provide
    Arbitrary<String> memberIds() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20);
    }
}
