package dev.loyaltykit.examples.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON the PostgreSQL store keeps for values it only ever reads whole: ledger commands,
 * receipts, holds' and transfers' lot portions, a member's counters, consents and attributes.
 *
 * <p>Written by hand, field by field, with Jackson's streaming generator and read back from
 * Jackson's tree: no data binding, no class names in the JSON, a {@code type} field naming the
 * kind of a command from a fixed list. Empty optionals are left out. Instants are ISO-8601
 * strings with every nanosecond, so a value read back equals the one written; the one exception
 * is a member's counters (below), kept compact and to the microsecond as their column was.
 *
 * <p>Stored JSON that does not have the expected shape is corrupt data, reported with an
 * {@link IllegalStateException} that names the field.
 *
 * <p>This class is immutable and thread-safe.
 */
final class LedgerCodec {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper READER = new ObjectMapper();

    private LedgerCodec() {
    }

    @FunctionalInterface
    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(Writer writer) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return READER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON cannot be parsed: " + e.getMessage(), e);
        }
    }

    // ---- commands -----------------------------------------------------------------------------

    static String writeCommand(LedgerCommand command) {
        return json(g -> command(g, command));
    }

    static LedgerCommand readCommand(String json) {
        return command(parse(json));
    }

    private static void command(JsonGenerator g, LedgerCommand command) throws IOException {
        g.writeStartObject();
        if (command instanceof LedgerCommand.Credit c) {
            g.writeStringField("type", "credit");
            head(g, c);
            g.writeNumberField("points", c.points());
            instant(g, "earnedAt", c.earnedAt());
            instant(g, "availableFrom", c.availableFrom());
            instant(g, "expiresAt", c.expiresAt());
            partner(g, "partner", c.partner());
            counters(g, c.counters());
        } else if (command instanceof LedgerCommand.Debit d) {
            g.writeStringField("type", "debit");
            head(g, d);
            g.writeNumberField("points", d.points());
            partner(g, "partner", d.partner());
            counters(g, d.counters());
        } else if (command instanceof LedgerCommand.PlaceHold h) {
            g.writeStringField("type", "placeHold");
            head(g, h);
            g.writeNumberField("points", h.points());
            g.writeStringField("deadline", h.deadline().toString());
            if (h.reference().isPresent()) {
                g.writeStringField("reference", h.reference().get());
            }
        } else if (command instanceof LedgerCommand.Capture c) {
            g.writeStringField("type", "capture");
            head(g, c);
            g.writeStringField("hold", c.hold().value());
            g.writeNumberField("points", c.points());
            partner(g, "partner", c.partner());
        } else if (command instanceof LedgerCommand.Release r) {
            g.writeStringField("type", "release");
            head(g, r);
            g.writeStringField("hold", r.hold().value());
        } else if (command instanceof LedgerCommand.Reverse r) {
            g.writeStringField("type", "reverse");
            head(g, r);
            g.writeStringField("original", r.original().value());
            if (r.points().isPresent()) {
                g.writeNumberField("points", r.points().getAsLong());
            }
            if (r.policy().isPresent()) {
                g.writeStringField("policy", r.policy().get().name());
            }
            counters(g, r.counters());
        } else if (command instanceof LedgerCommand.Adjust a) {
            g.writeStringField("type", "adjust");
            head(g, a);
            g.writeNumberField("points", a.points());
            instant(g, "expiresAt", a.expiresAt());
            g.writeStringField("reason", a.reason());
        } else if (command instanceof LedgerCommand.Tally t) {
            g.writeStringField("type", "tally");
            head(g, t);
            counters(g, t.counters());
        } else {
            throw new IllegalArgumentException("no JSON form for command " + command.getClass().getName());
        }
        g.writeEndObject();
    }

    private static void head(JsonGenerator g, LedgerCommand command) throws IOException {
        g.writeStringField("key", command.key().value());
        g.writeStringField("member", command.member().value());
    }

    private static LedgerCommand command(JsonNode n) {
        String type = text(n, "type");
        OperationKey key = OperationKey.of(text(n, "key"));
        MemberId member = MemberId.of(text(n, "member"));
        switch (type) {
            case "credit":
                return new LedgerCommand.Credit(key, member, number(n, "points"), optionalInstant(n, "earnedAt"),
                        optionalInstant(n, "availableFrom"), optionalInstant(n, "expiresAt"),
                        optionalPartner(n, "partner"), counters(n));
            case "debit":
                return new LedgerCommand.Debit(key, member, number(n, "points"), optionalPartner(n, "partner"),
                        counters(n));
            case "placeHold":
                return new LedgerCommand.PlaceHold(key, member, number(n, "points"), instant(n, "deadline"),
                        optionalText(n, "reference"));
            case "capture":
                return new LedgerCommand.Capture(key, member, new HoldId(text(n, "hold")), number(n, "points"),
                        optionalPartner(n, "partner"));
            case "release":
                return new LedgerCommand.Release(key, member, new HoldId(text(n, "hold")));
            case "reverse":
                return new LedgerCommand.Reverse(key, member, OperationKey.of(text(n, "original")),
                        n.has("points") ? OptionalLong.of(number(n, "points")) : OptionalLong.empty(),
                        optionalText(n, "policy").map(ReturnPolicy::valueOf), counters(n));
            case "adjust":
                return new LedgerCommand.Adjust(key, member, number(n, "points"), optionalInstant(n, "expiresAt"),
                        text(n, "reason"));
            case "tally":
                return new LedgerCommand.Tally(key, member, counters(n));
            default:
                throw new IllegalStateException("stored command has an unknown type '" + type + "'");
        }
    }

    private static void counters(JsonGenerator g, List<CounterChange> counters) throws IOException {
        if (counters.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("counters");
        for (CounterChange c : counters) {
            g.writeStartObject();
            g.writeStringField("name", c.name());
            g.writeNumberField("delta", c.delta());
            g.writeStringField("until", c.until().toString());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static List<CounterChange> counters(JsonNode n) {
        List<CounterChange> list = new ArrayList<>();
        for (JsonNode c : array(n, "counters")) {
            list.add(new CounterChange(text(c, "name"), number(c, "delta"), instant(c, "until")));
        }
        return list;
    }

    // ---- receipts -----------------------------------------------------------------------------

    static String writeReceipt(LedgerReceipt receipt) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("key", receipt.key().value());
            g.writeArrayFieldStart("transfers");
            for (Transfer t : receipt.transfers()) {
                transfer(g, t);
            }
            g.writeEndArray();
            g.writeNumberField("requested", receipt.requested());
            g.writeNumberField("applied", receipt.applied());
            g.writeNumberField("shortfall", receipt.shortfall());
            g.writeNumberField("debtAdded", receipt.debtAdded());
            if (receipt.hold().isPresent()) {
                g.writeFieldName("hold");
                hold(g, receipt.hold().get());
            }
            g.writeFieldName("balance");
            balance(g, receipt.balance());
            g.writeStringField("memo", receipt.memo());
            g.writeEndObject();
        });
    }

    static LedgerReceipt readReceipt(String json) {
        JsonNode n = parse(json);
        List<Transfer> transfers = new ArrayList<>();
        for (JsonNode t : array(n, "transfers")) {
            transfers.add(transfer(t));
        }
        return new LedgerReceipt(OperationKey.of(text(n, "key")), transfers, number(n, "requested"),
                number(n, "applied"), number(n, "shortfall"), number(n, "debtAdded"),
                n.has("hold") ? Optional.of(hold(field(n, "hold"))) : Optional.empty(), balance(field(n, "balance")),
                text(n, "memo"));
    }

    private static void transfer(JsonGenerator g, Transfer t) throws IOException {
        g.writeStartObject();
        g.writeStringField("member", t.id().member().value());
        g.writeNumberField("sequence", t.id().sequence());
        g.writeStringField("key", t.key().value());
        g.writeStringField("kind", t.kind().name());
        g.writeFieldName("from");
        account(g, t.from());
        g.writeFieldName("to");
        account(g, t.to());
        g.writeNumberField("points", t.points());
        g.writeStringField("at", t.at().toString());
        if (t.reverses().isPresent()) {
            g.writeStringField("reverses", t.reverses().get().value());
        }
        g.writeFieldName("lots");
        portions(g, t.lots());
        g.writeEndObject();
    }

    private static Transfer transfer(JsonNode n) {
        return new Transfer(new TransferId(MemberId.of(text(n, "member")), number(n, "sequence")),
                OperationKey.of(text(n, "key")), TransferKind.valueOf(text(n, "kind")), account(field(n, "from")),
                account(field(n, "to")), number(n, "points"), instant(n, "at"),
                optionalText(n, "reverses").map(OperationKey::of), portions(array(n, "lots")));
    }

    private static void account(JsonGenerator g, AccountRef account) throws IOException {
        g.writeStartObject();
        if (account instanceof AccountRef.MemberAccount m) {
            g.writeStringField("member", m.member().value());
        } else {
            AccountRef.SystemAccount s = (AccountRef.SystemAccount) account;
            g.writeStringField("system", s.type().name());
            partner(g, "partner", s.partner());
        }
        g.writeEndObject();
    }

    private static AccountRef account(JsonNode n) {
        if (n.has("member")) {
            return AccountRef.member(MemberId.of(text(n, "member")));
        }
        return AccountRef.system(SystemAccountType.valueOf(text(n, "system")), optionalPartner(n, "partner"));
    }

    private static void balance(JsonGenerator g, Balance b) throws IOException {
        g.writeStartObject();
        g.writeStringField("member", b.member().value());
        g.writeNumberField("available", b.available());
        g.writeNumberField("held", b.held());
        g.writeNumberField("pending", b.pending());
        g.writeNumberField("debt", b.debt());
        g.writeNumberField("lifetimeEarned", b.lifetimeEarned());
        g.writeNumberField("lifetimeRedeemed", b.lifetimeRedeemed());
        g.writeNumberField("lifetimeExpired", b.lifetimeExpired());
        if (b.nextExpiry().isPresent()) {
            g.writeObjectFieldStart("nextExpiry");
            g.writeStringField("at", b.nextExpiry().get().at().toString());
            g.writeNumberField("points", b.nextExpiry().get().points());
            g.writeEndObject();
        }
        g.writeStringField("asOf", b.asOf().toString());
        g.writeEndObject();
    }

    private static Balance balance(JsonNode n) {
        Optional<ExpiryForecast> next = n.has("nextExpiry")
                ? Optional.of(new ExpiryForecast(instant(field(n, "nextExpiry"), "at"),
                        number(field(n, "nextExpiry"), "points")))
                : Optional.empty();
        return new Balance(MemberId.of(text(n, "member")), number(n, "available"), number(n, "held"),
                number(n, "pending"), number(n, "debt"), number(n, "lifetimeEarned"), number(n, "lifetimeRedeemed"),
                number(n, "lifetimeExpired"), next, instant(n, "asOf"));
    }

    // ---- holds and lot portions -------------------------------------------------------------

    static String writeHold(Hold hold) {
        return json(g -> hold(g, hold));
    }

    static Hold readHold(String json) {
        return hold(parse(json));
    }

    private static void hold(JsonGenerator g, Hold h) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", h.id().value());
        g.writeStringField("member", h.member().value());
        g.writeNumberField("points", h.points());
        g.writeStringField("placedAt", h.placedAt().toString());
        g.writeStringField("deadline", h.deadline().toString());
        g.writeStringField("status", h.status().name());
        g.writeNumberField("captured", h.captured());
        g.writeFieldName("allocation");
        portions(g, h.allocation());
        if (h.reference().isPresent()) {
            g.writeStringField("reference", h.reference().get());
        }
        g.writeEndObject();
    }

    private static Hold hold(JsonNode n) {
        return new Hold(new HoldId(text(n, "id")), MemberId.of(text(n, "member")), number(n, "points"),
                instant(n, "placedAt"), instant(n, "deadline"), HoldStatus.valueOf(text(n, "status")),
                number(n, "captured"), portions(array(n, "allocation")), optionalText(n, "reference"));
    }

    static String writePortions(List<LotPortion> portions) {
        return json(g -> portions(g, portions));
    }

    static List<LotPortion> readPortions(String json) {
        JsonNode n = parse(json);
        if (!n.isArray()) {
            throw new IllegalStateException("stored lot portions are not a JSON array");
        }
        return portions(n);
    }

    private static void portions(JsonGenerator g, List<LotPortion> portions) throws IOException {
        g.writeStartArray();
        for (LotPortion p : portions) {
            g.writeStartObject();
            g.writeStringField("lot", p.lot().value());
            g.writeStringField("earnedAt", p.earnedAt().toString());
            g.writeStringField("availableFrom", p.availableFrom().toString());
            instant(g, "expiresAt", p.expiresAt());
            partner(g, "partner", p.partner());
            g.writeNumberField("lotPoints", p.lotPoints());
            g.writeNumberField("points", p.points());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static List<LotPortion> portions(Iterable<JsonNode> array) {
        List<LotPortion> list = new ArrayList<>();
        for (JsonNode p : array) {
            list.add(new LotPortion(new LotId(text(p, "lot")), instant(p, "earnedAt"), instant(p, "availableFrom"),
                    optionalInstant(p, "expiresAt"), optionalPartner(p, "partner"), number(p, "lotPoints"),
                    number(p, "points")));
        }
        return list;
    }

    // ---- a member's counters ------------------------------------------------------------------

    /**
     * A member's counters as one JSON array of {@code [name, value, until]} arrays, {@code until}
     * in microseconds since 2000-01-01T00:00:00Z, as PostgreSQL keeps a timestamp (so every
     * instant a TIMESTAMP WITH TIME ZONE column holds fits a {@code long}; to the microsecond,
     * {@link Jdbc#asStored(Instant)}, as the column kept them) or {@code "infinity"} / {@code "-infinity"}
     * for {@link Instant#MAX} / {@link Instant#MIN}. Migration V7 writes the same from the rows
     * of the table it replaces. The instants must be in the range a timestamp column holds
     * ({@link Jdbc#checkStorable}).
     */
    static String writeCounters(Collection<Counter> counters) {
        return json(g -> {
            g.writeStartArray();
            for (Counter c : counters) {
                g.writeStartArray();
                g.writeString(c.name());
                g.writeNumber(c.value());
                if (c.until().equals(Instant.MAX)) {
                    g.writeString("infinity");
                } else if (c.until().equals(Instant.MIN)) {
                    g.writeString("-infinity");
                } else {
                    Instant at = Jdbc.asStored(c.until());
                    g.writeNumber(Math.addExact(Math.multiplyExact(Math.subtractExact(at.getEpochSecond(), Y2K), 1_000_000L),
                            at.getNano() / 1000));
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        });
    }

    /** 2000-01-01T00:00:00Z in seconds since 1970: PostgreSQL's epoch for timestamps. */
    private static final long Y2K = 946_684_800L;

    /** Reads counters written by {@link #writeCounters(Collection)}. */
    static List<Counter> readCounters(String json) {
        JsonNode n = parse(json);
        if (!n.isArray()) {
            throw new IllegalStateException("stored counters are not a JSON array");
        }
        List<Counter> counters = new ArrayList<>(n.size());
        for (JsonNode c : n) {
            if (!c.isArray() || c.size() != 3 || !c.get(0).isTextual() || !c.get(1).isIntegralNumber()
                    || !c.get(1).canConvertToLong()) {
                throw new IllegalStateException("stored counter is not [name, value, until]: " + c);
            }
            JsonNode until = c.get(2);
            Instant at;
            if (until.isIntegralNumber() && until.canConvertToLong()) {
                long micros = until.longValue();
                at = Instant.ofEpochSecond(Y2K + Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
            } else if ("infinity".equals(until.textValue())) {
                at = Instant.MAX;
            } else if ("-infinity".equals(until.textValue())) {
                at = Instant.MIN;
            } else {
                throw new IllegalStateException("stored counter's until is not microseconds or infinity: " + c);
            }
            counters.add(new Counter(c.get(0).textValue(), c.get(1).longValue(), at));
        }
        return counters;
    }

    // ---- members: consents and attributes ---------------------------------------------------

    static String writeConsents(Map<Channel, Consent> consents) {
        return json(g -> {
            g.writeStartArray();
            for (Consent c : consents.values()) {
                g.writeStartObject();
                g.writeStringField("channel", c.channel().name());
                g.writeBooleanField("granted", c.granted());
                g.writeStringField("at", c.at().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    static Map<Channel, Consent> readConsents(String json) {
        Map<Channel, Consent> consents = new EnumMap<>(Channel.class);
        for (JsonNode c : parse(json)) {
            Channel channel = Channel.valueOf(text(c, "channel"));
            JsonNode granted = field(c, "granted");
            if (!granted.isBoolean()) {
                throw new IllegalStateException("stored field 'granted' is not a boolean");
            }
            consents.put(channel, new Consent(channel, granted.booleanValue(), instant(c, "at")));
        }
        return consents;
    }

    static String writeAttributes(Map<String, String> attributes) {
        return json(g -> {
            g.writeStartObject();
            for (Map.Entry<String, String> e : attributes.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        });
    }

    static Map<String, String> readAttributes(String json) {
        JsonNode n = parse(json);
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalStateException("stored attribute '" + e.getKey() + "' is not a string");
            }
            attributes.put(e.getKey(), e.getValue().textValue());
        }
        return attributes;
    }

    // ---- fields -----------------------------------------------------------------------------

    private static void instant(JsonGenerator g, String name, Optional<Instant> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get().toString());
        }
    }

    private static void partner(JsonGenerator g, String name, Optional<PartnerId> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get().value());
        }
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalStateException("stored JSON lacks field '" + name + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isTextual()) {
            throw new IllegalStateException("stored field '" + name + "' is not a string");
        }
        return v.textValue();
    }

    private static Optional<String> optionalText(JsonNode n, String name) {
        return n.has(name) ? Optional.of(text(n, name)) : Optional.empty();
    }

    private static long number(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalStateException("stored field '" + name + "' is not a whole number");
        }
        return v.longValue();
    }

    private static Instant instant(JsonNode n, String name) {
        return Instant.parse(text(n, name));
    }

    private static Optional<Instant> optionalInstant(JsonNode n, String name) {
        return n.has(name) ? Optional.of(instant(n, name)) : Optional.empty();
    }

    private static Optional<PartnerId> optionalPartner(JsonNode n, String name) {
        return n.has(name) ? Optional.of(PartnerId.of(text(n, name))) : Optional.empty();
    }

    private static Iterable<JsonNode> array(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new IllegalStateException("stored field '" + name + "' is not an array");
        }
        return v;
    }
}
