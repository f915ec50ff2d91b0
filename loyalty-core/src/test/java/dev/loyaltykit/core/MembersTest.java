package dev.loyaltykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.loyaltykit.core.memory.InMemoryMemberStore;
import dev.loyaltykit.core.conformance.ForwardingMemberStore;
import dev.loyaltykit.core.spi.MemberStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembersTest {
    private static final Instant T0 = Instant.parse("2026-01-10T09:00:00Z");
    private static final MemberId ANNA = MemberId.of("m-1");
    private static final MemberId BORIS = MemberId.of("m-2");
    private static final Identifier ANNA_PHONE = Identifier.phone("+7 916 123-45-67");
    private static final Identifier BORIS_PHONE = Identifier.phone("+7 903 765-43-21");
    private static final Identifier CARD = Identifier.card("0012 3456 7890");

    private InMemoryMemberStore store;
    private Members members;

    @BeforeEach
    void setUp() {
        store = new InMemoryMemberStore();
        members = new Members(store);
    }

    private static Member anna() {
        return Member.builder(ANNA, T0).identifier(ANNA_PHONE).attribute("city", "Tver").build();
    }

    private static Member boris() {
        return Member.builder(BORIS, T0).identifier(BORIS_PHONE).build();
    }

    // ---- enroll -------------------------------------------------------------------------------

    @Test
    void enroll_newMember_isStoredAtVersionOne() {
        Member enrolled = members.enroll(anna());

        assertThat(enrolled).isEqualTo(anna().withVersion(1));
        assertThat(members.find(ANNA)).contains(enrolled);
        assertThat(members.get(ANNA)).isEqualTo(enrolled);
    }

    @Test
    void enroll_takenId_throwsAlreadyExistsAndKeepsTheFirst() {
        members.enroll(anna());
        Member impostor = Member.builder(ANNA, T0).identifier(CARD).build();

        assertThatExceptionOfType(AlreadyExistsException.class).isThrownBy(() -> members.enroll(impostor))
                .satisfies(e -> {
                    assertThat(e.entity()).isEqualTo("member");
                    assertThat(e.id()).isEqualTo("m-1");
                });
        assertThat(members.get(ANNA)).isEqualTo(anna().withVersion(1));
        assertThat(members.findBy(CARD)).isEmpty();
    }

    @Test
    void enroll_takenIdentifier_throwsAlreadyExistsWithMaskedIdentifier() {
        members.enroll(anna());
        Member other = Member.builder(BORIS, T0).identifier(CARD).identifier(ANNA_PHONE).build();

        assertThatExceptionOfType(AlreadyExistsException.class).isThrownBy(() -> members.enroll(other))
                .satisfies(e -> {
                    assertThat(e.entity()).isEqualTo("identifier");
                    assertThat(e.id()).isEqualTo(ANNA_PHONE.toString()).isEqualTo("PHONE:+7********67");
                })
                .withMessage("identifier already exists: PHONE:+7********67")
                .withMessageNotContaining(ANNA_PHONE.value());
        assertThat(members.find(BORIS)).isEmpty();
        assertThat(members.findBy(CARD)).isEmpty();
        assertThat(members.findBy(ANNA_PHONE).map(Member::id)).contains(ANNA);
    }

    @Test
    void enroll_takenIdentifierWhoseOwnerCannotBeFound_stillMasksEveryIdentifier() {
        // A store may report a clash whose owner a following read does not see (e.g. a concurrent
        // insert that was rolled back): the message must still not show the numbers.
        Members racing = new Members(new ForwardingMemberStore(store) {
            @Override
            public MemberWrite insert(Member member) {
                return MemberWrite.DUPLICATE_IDENTIFIER;
            }
        });

        assertThatExceptionOfType(AlreadyExistsException.class).isThrownBy(() -> racing.enroll(anna()))
                .satisfies(e -> assertThat(e.entity()).isEqualTo("identifier"))
                .withMessageContaining(ANNA_PHONE.masked())
                .withMessageNotContaining(ANNA_PHONE.value());
    }

    @Test
    void enroll_null_throwsNamingTheArgument() {
        assertThatNullPointerException().isThrownBy(() -> members.enroll(null)).withMessage("member");
        assertThatNullPointerException().isThrownBy(() -> new Members(null)).withMessage("store");
    }

    // ---- find ---------------------------------------------------------------------------------

    @Test
    void findBy_identifierWrittenAnotherWay_findsTheMemberAfterNormalisation() {
        members.enroll(Member.builder(ANNA, T0).identifier(Identifier.phone("+7 (916) 123-45-67"))
                .identifier(Identifier.email("Anna@Example.com")).identifier(CARD).build());

        assertThat(members.findBy(Identifier.phone("8 916 1234567", "RU")).map(Member::id)).contains(ANNA);
        assertThat(members.findBy(Identifier.phone("00 7 916 123 45 67")).map(Member::id)).contains(ANNA);
        assertThat(members.findBy(Identifier.email(" ANNA@example.COM")).map(Member::id)).contains(ANNA);
        assertThat(members.findBy(Identifier.card("0012-3456-7890")).map(Member::id)).contains(ANNA);
    }

    @Test
    void findBy_unknownIdentifier_isEmpty() {
        members.enroll(anna());

        assertThat(members.findBy(BORIS_PHONE)).isEmpty();
        assertThat(members.find(BORIS)).isEmpty();
    }

    @Test
    void get_unknownMember_throwsNotFound() {
        assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> members.get(MemberId.of("m-404")))
                .satisfies(e -> {
                    assertThat(e.entity()).isEqualTo("member");
                    assertThat(e.id()).isEqualTo("m-404");
                })
                .withMessage("member not found: m-404");
    }

    // ---- update -------------------------------------------------------------------------------

    @Test
    void update_appliesTheChangeAndBumpsTheVersion() {
        members.enroll(anna());

        Member updated = members.update(ANNA, m -> m.withConsent(Consent.granted(Channel.SMS, T0)));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.hasConsent(Channel.SMS)).isTrue();
        assertThat(members.get(ANNA)).isEqualTo(updated);
    }

    @Test
    void update_versionOfTheChangedCopy_isIgnored() {
        members.enroll(anna());

        Member updated = members.update(ANNA, m -> m.withVersion(99).withStatus(MemberStatus.BLOCKED));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(members.get(ANNA).status()).isEqualTo(MemberStatus.BLOCKED);
    }

    @Test
    void update_lostRace_rereadsAndReappliesTheChange() {
        members.enroll(anna());
        AtomicInteger writes = new AtomicInteger();
        Members racing = new Members(new ForwardingMemberStore(store) {
            @Override
            public MemberWrite update(Member member) {
                if (writes.getAndIncrement() == 0) {
                    // Another writer commits between our read and our write.
                    Member current = store.find(member.id()).orElseThrow();
                    assertThat(store.update(current.toBuilder().attribute("tier", "gold").build()))
                            .isEqualTo(MemberWrite.WRITTEN);
                }
                return super.update(member);
            }
        });
        AtomicInteger applied = new AtomicInteger();

        Member updated = racing.update(ANNA, m -> {
            applied.incrementAndGet();
            return m.withConsent(Consent.granted(Channel.PUSH, T0));
        });

        assertThat(applied).hasValue(2);
        assertThat(writes).hasValue(2);
        assertThat(updated.version()).isEqualTo(3);
        assertThat(updated.attributes()).containsEntry("tier", "gold");
        assertThat(updated.hasConsent(Channel.PUSH)).isTrue();
        assertThat(store.find(ANNA)).contains(updated);
    }

    @Test
    void update_conflictOnEveryAttempt_throwsConcurrentUpdateAndChangesNothing() {
        members.enroll(anna());
        AtomicInteger writes = new AtomicInteger();
        Members hopeless = new Members(new ForwardingMemberStore(store) {
            @Override
            public MemberWrite update(Member member) {
                writes.incrementAndGet();
                return MemberWrite.VERSION_CONFLICT;
            }
        });

        assertThatExceptionOfType(ConcurrentUpdateException.class)
                .isThrownBy(() -> hopeless.update(ANNA, m -> m.withStatus(MemberStatus.CLOSED)))
                .satisfies(e -> {
                    assertThat(e.entity()).isEqualTo("member m-1");
                    assertThat(e.attempts()).isEqualTo(16);
                });
        assertThat(writes).hasValue(16);
        assertThat(members.get(ANNA)).isEqualTo(anna().withVersion(1));
    }

    @Test
    void update_addingAnIdentifierAnotherMemberHas_throwsAndChangesNothing() {
        members.enroll(anna());
        members.enroll(boris());

        assertThatExceptionOfType(AlreadyExistsException.class)
                .isThrownBy(() -> members.update(BORIS,
                        m -> m.toBuilder().identifier(CARD).identifier(ANNA_PHONE).attribute("city", "Kazan").build()))
                .satisfies(e -> {
                    assertThat(e.entity()).isEqualTo("identifier");
                    assertThat(e.id()).isEqualTo(ANNA_PHONE.toString());
                })
                .withMessageNotContaining(ANNA_PHONE.value());
        assertThat(members.get(BORIS)).isEqualTo(boris().withVersion(1));
        assertThat(members.get(ANNA)).isEqualTo(anna().withVersion(1));
        assertThat(members.findBy(ANNA_PHONE).map(Member::id)).contains(ANNA);
        assertThat(members.findBy(CARD)).isEmpty();
        // The card was not left reserved by the failed update.
        assertThat(members.update(ANNA, m -> m.toBuilder().identifier(CARD).build()).identifiers()).contains(CARD);
    }

    @Test
    void update_identifierGivenUpByOneMember_canBeTakenByAnother() {
        members.enroll(anna());
        members.enroll(boris());

        members.update(ANNA, m -> m.toBuilder().removeIdentifier(ANNA_PHONE).build());
        Member boris = members.update(BORIS, m -> m.toBuilder().identifier(ANNA_PHONE).build());

        assertThat(boris.identifiers()).containsExactlyInAnyOrder(BORIS_PHONE, ANNA_PHONE);
        assertThat(members.findBy(ANNA_PHONE).map(Member::id)).contains(BORIS);
        assertThat(members.get(ANNA).identifiers()).isEmpty();
    }

    @Test
    void update_changingTheId_isRejectedAndChangesNothing() {
        members.enroll(anna());
        UnaryOperator<Member> rename = m -> new Member(BORIS, m.version(), m.enrolledAt(), m.birthday(),
                m.identifiers(), m.consents(), m.attributes(), m.status());

        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> members.update(ANNA, rename))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("change"))
                .withMessageContaining("m-1").withMessageContaining("m-2");
        assertThat(members.get(ANNA)).isEqualTo(anna().withVersion(1));
        assertThat(members.find(BORIS)).isEmpty();
    }

    @Test
    void update_unknownMember_throwsNotFoundWithoutCallingTheChange() {
        AtomicInteger applied = new AtomicInteger();

        assertThatExceptionOfType(NotFoundException.class)
                .isThrownBy(() -> members.update(ANNA, m -> {
                    applied.incrementAndGet();
                    return m;
                }))
                .satisfies(e -> {
                    assertThat(e.entity()).isEqualTo("member");
                    assertThat(e.id()).isEqualTo("m-1");
                });
        assertThat(applied).hasValue(0);
    }

    @Test
    void update_memberGoneBeforeTheWrite_throwsNotFound() {
        members.enroll(anna());
        Members vanishing = new Members(new ForwardingMemberStore(store) {
            @Override
            public MemberWrite update(Member member) {
                return MemberWrite.NOT_FOUND;
            }
        });

        assertThatExceptionOfType(NotFoundException.class)
                .isThrownBy(() -> vanishing.update(ANNA, m -> m.withStatus(MemberStatus.CLOSED)))
                .satisfies(e -> assertThat(e.id()).isEqualTo("m-1"));
    }

    @Test
    void update_changeReturningNull_throwsNullPointerException() {
        members.enroll(anna());

        assertThatNullPointerException().isThrownBy(() -> members.update(ANNA, m -> null))
                .withMessage("change result");
        assertThatNullPointerException().isThrownBy(() -> members.update(ANNA, null)).withMessage("change");
    }
}
