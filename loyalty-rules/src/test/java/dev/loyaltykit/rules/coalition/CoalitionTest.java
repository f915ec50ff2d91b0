package dev.loyaltykit.rules.coalition;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.rub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.memory.InMemoryMemberStore;
import dev.loyaltykit.rules.Fixtures;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.Refund;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoalitionTest {
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");
    static final MemberId BORIS = MemberId.of("boris");
    static final Partner CLOTHES = Partner.of("clothes", "Clothes shop", rub("1.00"), rub("0.90"));
    static final Partner COFFEE = Partner.of("coffee", "Coffee shop", rub("1.00"), rub("1.00"));

    Fixtures.MutableClock clock;
    InMemoryMemberStore members;
    InMemoryLedgerStore ledger;
    LoyaltyProgram program;

    LoyaltyProgram program(Partner... partners) {
        ProgramDefinition.Builder b = ProgramDefinition.builder("city", Fixtures.RUB)
                .rule(PercentOfSpend.of("cashback", "5"));
        for (Partner p : partners) {
            b.partner(p);
        }
        return LoyaltyProgram.builder(b.build()).clock(clock).memberStore(members).ledgerStore(ledger).build();
    }

    static Order at(String orderId, MemberId member, Partner partner, Instant when, String amount) {
        return Order.builder(OrderId.of(orderId), member, Fixtures.RUB, when).partner(partner.id())
                .line(line("1", "X", 1, amount)).build();
    }

    @BeforeEach
    void setUp() {
        clock = new Fixtures.MutableClock(START);
        members = new InMemoryMemberStore();
        ledger = new InMemoryLedgerStore();
        program = program(CLOTHES, COFFEE);
        program.enroll(Member.builder(ANNA, START).build());
        program.enroll(Member.builder(BORIS, START).build());
    }

    @Test
    void twoPartnerCoalition_settlementCheckedByHand_balancesToZero() {
        program.recordPurchase(at("a-1", ANNA, CLOTHES, clock.instant(), "2000.00"));   // clothes issues 100
        program.recordPurchase(at("b-1", BORIS, COFFEE, clock.instant(), "1000.00"));   // coffee issues 50
        clock.advance(Duration.ofDays(1));
        program.redeem(at("a-2", ANNA, COFFEE, clock.instant(), "300.00"), 60);         // clothes' points at coffee
        program.redeem(at("b-2", BORIS, CLOTHES, clock.instant(), "300.00"), 20);       // coffee's points at clothes

        SettlementReport r = program.settlement(START, START.plus(Duration.ofDays(30)));

        PartnerSettlement clothes = r.partner("clothes");
        assertThat(clothes.issued()).isEqualTo(100);
        assertThat(clothes.redeemedHere()).isEqualTo(20);
        assertThat(clothes.issuedRedeemedElsewhere()).isEqualTo(60);
        assertThat(clothes.owed()).isEqualTo(rub("82.00"));          // 100 x 1.00 - 20 x 0.90
        PartnerSettlement coffee = r.partner("coffee");
        assertThat(coffee.issued()).isEqualTo(50);
        assertThat(coffee.redeemedHere()).isEqualTo(60);
        assertThat(coffee.issuedRedeemedElsewhere()).isEqualTo(20);
        assertThat(coffee.owed()).isEqualTo(rub("-10.00"));          // 50 x 1.00 - 60 x 1.00
        assertThat(r.programOwed()).isEqualTo(rub("-72.00"));
        Money sum = r.programOwed();
        for (PartnerSettlement p : r.partners()) {
            sum = sum.plus(p.owed());
        }
        assertThat(sum.isZero()).isTrue();
    }

    @Test
    void settlement_countsOnlyThePeriod_andRefundsNetOut() {
        program.recordPurchase(at("a-1", ANNA, CLOTHES, clock.instant(), "2000.00"));
        clock.advance(Duration.ofDays(40));
        Order second = at("a-2", ANNA, CLOTHES, clock.instant(), "1000.00");
        program.recordPurchase(second);
        program.refund(Refund.whole("r-2", ANNA, second.orderId()));
        SettlementReport april = program.settlement(START.plus(Duration.ofDays(30)), START.plus(Duration.ofDays(60)));
        assertThat(april.partner("clothes").issued()).isZero();
        SettlementReport march = program.settlement(START, START.plus(Duration.ofDays(30)));
        assertThat(march.partner("clothes").issued()).isEqualTo(100);
    }

    @Test
    void suspendedPartner_canNeitherIssueNorAccept_andMembersKeepTheirBalances() {
        program.recordPurchase(at("a-1", ANNA, COFFEE, clock.instant(), "2000.00"));
        LoyaltyProgram suspended = program(CLOTHES, COFFEE.withSuspended(true));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> suspended.recordPurchase(at("a-2", ANNA, COFFEE, clock.instant(), "100.00")))
                .withMessageContaining("suspended");
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> suspended.redeem(at("a-3", ANNA, COFFEE, clock.instant(), "100.00"), 10));
        assertThat(suspended.balance(ANNA).available()).isEqualTo(100);
        assertThat(suspended.redeem(at("a-4", ANNA, CLOTHES, clock.instant(), "100.00"), 10).points()).isEqualTo(10);
    }

    @Test
    void unknownPartner_isRejected() {
        Order o = Order.builder(OrderId.of("x"), ANNA, Fixtures.RUB, START).partner(PartnerId.of("casino"))
                .line(line("1", "X", 1, "100.00")).build();
        assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> program.recordPurchase(o))
                .satisfies(e -> assertThat(e.entity()).isEqualTo("partner"));
    }

    @Test
    void settlement_badPeriod_isRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> program.settlement(START, START));
    }
}
