package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.Channel;
import dev.loyaltykit.core.Consent;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.ledger.AccountRef;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.core.ledger.Counter;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.ledger.ExpiryForecast;
import dev.loyaltykit.core.ledger.Hold;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.HoldStatus;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import dev.loyaltykit.core.ledger.LotId;
import dev.loyaltykit.core.ledger.LotPortion;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.ReturnPolicy;
import dev.loyaltykit.core.ledger.SystemAccountType;
import dev.loyaltykit.core.ledger.Transfer;
import dev.loyaltykit.core.ledger.TransferId;
import dev.loyaltykit.core.ledger.TransferKind;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Everything the store keeps as JSON reads back equal to what was written. */
class LedgerCodecProperties {

    @Property(tries = 300)
    @Label("every kind of command reads back equal")
    void command_roundTrips(@ForAll("commands") LedgerCommand command) {
        assertThat(LedgerCodec.readCommand(LedgerCodec.writeCommand(command))).isEqualTo(command);
    }

    @Property(tries = 200)
    @Label("a receipt with transfers, a hold and a balance reads back equal")
    void receipt_roundTrips(@ForAll("receipts") LedgerReceipt receipt) {
        assertThat(LedgerCodec.readReceipt(LedgerCodec.writeReceipt(receipt))).isEqualTo(receipt);
    }

    @Property(tries = 200)
    @Label("a hold reads back equal")
    void hold_roundTrips(@ForAll("holds") Hold hold) {
        assertThat(LedgerCodec.readHold(LedgerCodec.writeHold(hold))).isEqualTo(hold);
    }

    @Property(tries = 100)
    @Label("consents and attributes read back equal, attributes in their order")
    void consentsAndAttributes_roundTrip(@ForAll("consents") Map<Channel, Consent> consents,
            @ForAll("attributes") Map<String, String> attributes) {
        assertThat(LedgerCodec.readConsents(LedgerCodec.writeConsents(consents))).isEqualTo(consents);
        assertThat(LedgerCodec.readAttributes(LedgerCodec.writeAttributes(attributes)))
                .containsExactlyEntriesOf(attributes);
    }

    @Property(tries = 300)
    @Label("a member's counters read back equal, their until cut to the microsecond as the database cuts it")
    void counters_roundTrip(@ForAll("counters") List<Counter> counters) {
        List<Counter> stored = counters.stream()
                .map(c -> new Counter(c.name(), c.value(), Jdbc.asStored(c.until()))).toList();

        assertThat(LedgerCodec.readCounters(LedgerCodec.writeCounters(counters))).isEqualTo(stored);
    }

    @Example
    @Label("counters at the ends of the column's range, before the epoch, and never dropped survive")
    void counters_extremes() {
        List<Counter> counters = List.of(new Counter("never", Long.MAX_VALUE, Instant.MAX),
                new Counter("min", Long.MIN_VALUE, Instant.MIN),
                new Counter("first", 1, Instant.parse("-4712-01-01T00:00:00Z")),
                new Counter("last", 2, Instant.parse("+294276-12-31T23:59:59.999999Z")),
                new Counter("before 1970 \"q\" 🎁", 3, Instant.parse("1969-12-31T23:59:59.000001Z")));

        String json = LedgerCodec.writeCounters(counters);

        assertThat(LedgerCodec.readCounters(json)).isEqualTo(counters);
        assertThat(json).contains("[\"never\",9223372036854775807,\"infinity\"]")
                .contains("[\"before 1970 \\\"q\\\" 🎁\",3,-946684800999999]");
    }

    @Example
    @Label("stored counters of another shape are reported")
    void counters_corrupt() {
        for (String corrupt : List.of("{}", "[[\"a\",1]]", "[[\"a\",\"1\",0]]", "[[\"a\",1,\"tomorrow\"]]",
                "[[1,1,0]]", "[[\"a\",1.5,0]]")) {
            assertThatExceptionOfType(IllegalStateException.class).as(corrupt)
                    .isThrownBy(() -> LedgerCodec.readCounters(corrupt));
        }
    }

    @Example
    @Label("the extreme instants and odd characters survive")
    void extremes_roundTrip() {
        LedgerCommand hold = new LedgerCommand.PlaceHold(OperationKey.of("k \"quoted\" \\ ünï©ødé 🎁"),
                MemberId.of("m/1"), Long.MAX_VALUE, Instant.MAX, Optional.of("ref\u0000with nul"));
        LedgerCommand credit = Credit.at(Instant.MIN, Instant.ofEpochSecond(0, 1));

        assertThat(LedgerCodec.readCommand(LedgerCodec.writeCommand(hold))).isEqualTo(hold);
        assertThat(LedgerCodec.readCommand(LedgerCodec.writeCommand(credit))).isEqualTo(credit);
    }

    @Example
    @Label("stored JSON of an unknown command type or lacking a field is reported, naming it")
    void corrupt_isReported() {
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> LedgerCodec.readCommand("{\"type\":\"teleport\",\"key\":\"k\",\"member\":\"m\"}"))
                .withMessageContaining("teleport");
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> LedgerCodec.readCommand("{\"type\":\"debit\",\"key\":\"k\",\"member\":\"m\"}"))
                .withMessageContaining("points");
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> LedgerCodec.readPortions("{\"not\":\"an array\"}"));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> LedgerCodec.readHold("{"));
    }

    /** A credit with extreme dates, built where the command allows it. */
    private static final class Credit {
        static LedgerCommand at(Instant earned, Instant expires) {
            return LedgerCommand.Credit.of(OperationKey.of("c"), MemberId.of("m"), 1).earnedAt(earned)
                    .expiringAt(expires);
        }
    }

    // ---- arbitraries --------------------------------------------------------------------------

    private static Arbitrary<String> text(int min, int max) {
        return Arbitraries.strings().all().ofMinLength(min).ofMaxLength(max);
    }

    private static Arbitrary<OperationKey> keys() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("äß€🎁".toCharArray()).ofMinLength(1)
                .ofMaxLength(40).filter(s -> !s.isBlank()).map(OperationKey::of);
    }

    private static Arbitrary<MemberId> members() {
        return Arbitraries.strings().alpha().numeric().withChars('-', '_', '/').ofMinLength(1).ofMaxLength(20)
                .map(MemberId::of);
    }

    private static Arbitrary<PartnerId> partners() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12).map(PartnerId::of);
    }

    private static Arbitrary<Instant> instants() {
        Arbitrary<Instant> ordinary = Combinators.combine(
                Arbitraries.longs().between(-62_000_000_000L, 253_000_000_000L),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, ordinary),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Instant.MAX, Instant.MIN, Instant.EPOCH)));
    }

    private static Arbitrary<Long> points() {
        return Arbitraries.longs().between(1, Long.MAX_VALUE).edgeCases(c -> c.add(1L));
    }

    private static Arbitrary<List<CounterChange>> counterChanges() {
        Arbitrary<CounterChange> change = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').withChars(':', '-').ofMinLength(1).ofMaxLength(30),
                Arbitraries.longs(), instants()).as(CounterChange::new);
        return change.list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Counter>> counters() {
        Arbitrary<Instant> storable = instants().filter(at -> at.equals(Instant.MAX) || at.equals(Instant.MIN)
                || at.isAfter(Instant.parse("-4712-01-01T00:00:00Z")));
        return Combinators.combine(text(1, 30), Arbitraries.longs(), storable).as(Counter::new).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<LedgerCommand> commands() {
        Arbitrary<LedgerCommand> credit = Combinators.combine(keys(), members(), points(),
                instants().optional(), instants().optional(), partners().optional(), counterChanges())
                .as((k, m, p, earned, available, partner, counters) -> {
                    // The expiry must follow the earning and maturity: derive it when both allow.
                    Optional<Instant> expires = earned.isPresent() && available.isPresent()
                            && earned.get().isBefore(Instant.MAX) && available.get().isBefore(Instant.MAX)
                            ? Optional.of(Instant.MAX) : Optional.empty();
                    return new LedgerCommand.Credit(k, m, p, earned, available, expires, partner, counters);
                });
        Arbitrary<LedgerCommand> debit = Combinators.combine(keys(), members(), points(), partners().optional(),
                counterChanges()).as(LedgerCommand.Debit::new);
        Arbitrary<LedgerCommand> hold = Combinators.combine(keys(), members(), points(), instants(),
                text(0, 30).optional()).as(LedgerCommand.PlaceHold::new);
        Arbitrary<LedgerCommand> capture = Combinators.combine(keys(), members(), keys().map(HoldId::of), points(),
                partners().optional()).as(LedgerCommand.Capture::new);
        Arbitrary<LedgerCommand> release = Combinators.combine(keys(), members(), keys().map(HoldId::of))
                .as(LedgerCommand.Release::new);
        Arbitrary<LedgerCommand> reverse = Combinators.combine(keys(), members(),
                keys().map(k -> OperationKey.of("orig:" + k.value())), points().optional(),
                Arbitraries.of(ReturnPolicy.class).optional(), counterChanges())
                .as((k, m, o, p, pol, c) -> new LedgerCommand.Reverse(k, m, o,
                        p.map(OptionalLong::of).orElse(OptionalLong.empty()), pol, c));
        Arbitrary<LedgerCommand> adjust = Combinators.combine(keys(), members(),
                Arbitraries.longs().between(Long.MIN_VALUE + 1, Long.MAX_VALUE).filter(p -> p != 0),
                instants().optional(), text(1, 50).filter(s -> !s.isBlank()))
                .as((k, m, p, exp, reason) -> new LedgerCommand.Adjust(k, m, p, p > 0 ? exp : Optional.empty(),
                        reason));
        Arbitrary<LedgerCommand> tally = Combinators.combine(keys(), members(), counterChanges())
                .as(LedgerCommand.Tally::new);
        return Arbitraries.oneOf(credit, debit, hold, capture, release, reverse, adjust, tally);
    }

    private static Arbitrary<LotPortion> portions() {
        return Combinators.combine(keys().map(k -> new LotId(k.value())), instants(), instants(),
                instants().optional(), partners().optional(), points(), points()).as(LotPortion::new);
    }

    private static Arbitrary<AccountRef> accounts() {
        return Arbitraries.oneOf(members().map(AccountRef::member),
                Combinators.combine(Arbitraries.of(SystemAccountType.class), partners().optional())
                        .as(AccountRef::system));
    }

    private static Arbitrary<Transfer> transfers() {
        Arbitrary<TransferId> ids = Combinators.combine(members(), Arbitraries.longs().between(1, Long.MAX_VALUE))
                .as(TransferId::new);
        Arbitrary<List<AccountRef>> sides = accounts().list().ofSize(2).uniqueElements();
        return Combinators.combine(ids, keys(), Arbitraries.of(TransferKind.class), sides, points(), instants(),
                keys().optional(), portions().list().ofMaxSize(3))
                .as((id, k, kind, fromTo, p, at, rev, lots) -> new Transfer(id, k, kind, fromTo.get(0), fromTo.get(1),
                        p, at, rev, lots));
    }

    @Provide
    Arbitrary<Hold> holds() {
        Arbitrary<List<Instant>> placedAndDeadline = instants().list().ofSize(2);
        return Combinators.combine(keys().map(HoldId::of), members(), points(), placedAndDeadline,
                Arbitraries.of(HoldStatus.class), Arbitraries.longs().between(0, Long.MAX_VALUE),
                portions().list().ofMaxSize(3), text(0, 20).optional())
                .as((id, m, p, times, status, captured, allocation, ref) -> new Hold(id, m, p, times.get(0),
                        times.get(1), status, captured, allocation, ref));
    }

    private static Arbitrary<Balance> balances() {
        Arbitrary<Optional<ExpiryForecast>> next = Combinators.combine(instants(), Arbitraries.longs())
                .as(ExpiryForecast::new).optional();
        return Combinators.combine(members(), Arbitraries.longs().array(long[].class).ofSize(7), next, instants())
                .as((m, n, nextExpiry, asOf) -> new Balance(m, n[0], n[1], n[2], n[3], n[4], n[5], n[6], nextExpiry,
                        asOf));
    }

    @Provide
    Arbitrary<LedgerReceipt> receipts() {
        return Combinators.combine(keys(), transfers().list().ofMaxSize(4),
                Arbitraries.longs().array(long[].class).ofSize(4), holds().optional(), balances(), text(0, 60))
                .as((k, transfers, n, hold, balance, memo) -> new LedgerReceipt(k, transfers, n[0], n[1], n[2], n[3],
                        hold, balance, memo));
    }

    @Provide
    Arbitrary<Map<Channel, Consent>> consents() {
        return Arbitraries.of(Channel.class).set().flatMap(channels -> {
            Map<Channel, Arbitrary<Consent>> each = new EnumMap<>(Channel.class);
            for (Channel ch : channels) {
                each.put(ch, Combinators.combine(Arbitraries.of(true, false), instants())
                        .as((granted, at) -> new Consent(ch, granted, at)));
            }
            return Combinators.combine(List.copyOf(each.values())).as(list -> {
                Map<Channel, Consent> map = new EnumMap<>(Channel.class);
                list.forEach(c -> map.put(c.channel(), c));
                return map;
            });
        });
    }

    @Provide
    Arbitrary<Map<String, String>> attributes() {
        return Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).list().ofMaxSize(5),
                text(0, 20).list().ofSize(5)).as((keys, values) -> {
                    Map<String, String> map = new LinkedHashMap<>();
                    for (int i = 0; i < keys.size(); i++) {
                        map.put(keys.get(i), values.get(i));
                    }
                    return map;
                });
    }
}
