package dev.loyaltykit.rules.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.rules.ProgramDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes {@link ProgramDefinition}s as JSON.
 *
 * <pre>{@code
 * ProgramDefinition program = ProgramJson.read(Path.of("coffee-club.json"));
 * String json = ProgramJson.write(program);  // ProgramJson.read(json) equals program
 * }</pre>
 *
 * <p>Reading validates the whole document and reports <em>every</em> problem at once, each with
 * its JSON path, in a {@link ProgramDefinitionException}: malformed JSON (with line and column),
 * duplicate keys, content after the document, unknown fields, missing required fields, wrong
 * JSON types, unknown rule types and enum names, bad currency codes, time zones, dates, times
 * and periods, amounts with more decimals than the currency has, repeated rule ids, and every
 * range check of the Java model, with the model's message:
 *
 * <pre>
 * program definition has 2 errors:
 * $.accrual[2].percent: must be above 0 and at most 100, but was 150
 * $.accrual[3].colour: unknown field 'colour'; allowed: [type, id, points, perUnit, filter, ...]
 * </pre>
 *
 * <p>Reading never half-loads: it returns a complete definition or throws. The JSON is walked as
 * a tree; no class is chosen from the input, so untrusted documents cannot instantiate anything
 * but the built-in rule kinds.
 *
 * <h2>Format, schema version 1</h2>
 *
 * A complete example:
 *
 * <pre>{@code
 * {
 *   "schemaVersion": 1,
 *   "id": "coffee",
 *   "name": "Coffee Club",
 *   "currency": "RUB",
 *   "timeZone": "Europe/Moscow",
 *   "pointValue": "1.00",
 *   "earnBase": { "includeTax": true, "afterLineDiscounts": true, "afterOrderDiscount": true,
 *                 "includeShipping": false, "excludeGiftCards": true },
 *   "pointsMatureAfter": "P14D",
 *   "pointsExpireAfter": "P365D",
 *   "returnPolicy": "DEBT",
 *   "caps": { "perOrder": 500, "perMemberDay": 1000, "perMemberMonth": 5000, "perMemberLifetime": 100000 },
 *   "accrual": [
 *     { "type": "percentOfSpend", "id": "cashback", "percent": "5",
 *       "filter": { "excludeCategories": ["tobacco"] } },
 *     { "type": "pointsPerSpend", "id": "per10", "points": 1, "per": "10.00", "scope": "LINE",
 *       "filter": { "channels": ["web"] }, "exclusiveGroup": "base", "priority": 1 },
 *     { "type": "lineBonus", "id": "sku-x", "points": 50, "perUnit": true,
 *       "filter": { "skus": ["SKU-X"] },
 *       "schedule": { "fromDate": "2026-01-01", "toDate": "2026-12-31" },
 *       "caps": { "perOrder": 200 } },
 *     { "type": "orderBonus", "id": "first", "points": 100, "firstPurchaseOnly": true, "minSpend": "500.00" },
 *     { "type": "multiplier", "id": "kids-x2", "factor": "2",
 *       "filter": { "categories": ["kids"], "memberAttributes": { "tier": "gold" } },
 *       "schedule": { "daysOfWeek": ["FRIDAY", "SATURDAY"], "fromTime": "10:00", "untilTime": "14:00" },
 *       "rounding": "HALF_UP" },
 *     { "type": "action", "id": "review", "action": "review_posted", "points": 20, "limit": 1, "period": "DAY",
 *       "schedule": { "fromDate": "2026-03-01" },
 *       "filter": { "memberAttributes": { "verified": "true" } } }
 *   ],
 *   "redemption": { "maxSharePercent": "50", "minCashPart": "1.00", "minPoints": 10, "step": 10,
 *                   "minBalance": 100, "excludedCategories": ["tobacco"], "excludedSkus": [],
 *                   "shippingPayable": false },
 *   "rewards": [
 *     { "id": "free-coffee", "name": "Free coffee", "points": 100, "perMember": 1, "period": "DAY" },
 *     { "id": "voucher-500", "name": "500 RUB voucher", "points": 450, "stock": 200 }
 *   ],
 *   "referral": { "referrerPoints": 300, "friendReward": { "type": "points", "points": 200 },
 *                 "minPurchase": "500.00", "qualifyWithin": "P30D", "excludedCategories": ["tobacco"],
 *                 "maturity": "P14D", "existingMemberGrace": "PT24H",
 *                 "limits": { "perReferrer": 5, "period": "MONTH", "referrerTotal": 50, "perFingerprint": 3 } }
 * }
 * }</pre>
 *
 * <p>The program:
 * <table>
 *   <caption>Program fields</caption>
 *   <tr><th>field</th><th>value</th><th>if absent</th></tr>
 *   <tr><td>{@code schemaVersion}</td><td>{@code 1}</td><td>required</td></tr>
 *   <tr><td>{@code id}</td><td>1 to 64 letters, digits, {@code . _ -}</td><td>required</td></tr>
 *   <tr><td>{@code name}</td><td>1 to 200 characters</td><td>the id</td></tr>
 *   <tr><td>{@code currency}</td><td>ISO 4217 code</td><td>required</td></tr>
 *   <tr><td>{@code timeZone}</td><td>a {@link java.time.ZoneId}: region or offset</td><td>{@code UTC}</td></tr>
 *   <tr><td>{@code pointValue}</td><td>money one point is worth, positive</td><td>{@code 1}</td></tr>
 *   <tr><td>{@code earnBase}</td><td>{@link dev.loyaltykit.rules.accrual.EarnBase} switches, each
 *       optional</td><td>{@link dev.loyaltykit.rules.accrual.EarnBase#DEFAULT}</td></tr>
 *   <tr><td>{@code pointsMatureAfter}, {@code pointsExpireAfter}</td><td>ISO-8601
 *       {@link java.time.Period}, positive</td><td>at once; never</td></tr>
 *   <tr><td>{@code returnPolicy}</td><td>{@code UNSPENT_ONLY}, {@code WITHIN_BALANCE},
 *       {@code DEBT}</td><td>{@code DEBT}</td></tr>
 *   <tr><td>{@code caps}</td><td>{@code perOrder}, {@code perMemberDay}, {@code perMemberMonth},
 *       {@code perMemberLifetime}: points, each optional, not negative</td><td>no caps</td></tr>
 *   <tr><td>{@code accrual}</td><td>the rules, in order</td><td>no rules</td></tr>
 *   <tr><td>{@code redemption}</td><td>{@link dev.loyaltykit.rules.redemption.RedemptionPolicy}:
 *       {@code maxSharePercent} (decimal, above 0, at most 100), {@code minCashPart} (money),
 *       {@code minPoints}, {@code step} (at least 1), {@code minBalance} (whole numbers),
 *       {@code excludedCategories}, {@code excludedSkus} (arrays of strings),
 *       {@code shippingPayable} (default true); each optional</td>
 *       <td>{@link dev.loyaltykit.rules.redemption.RedemptionPolicy#UNLIMITED}</td></tr>
 *   <tr><td>{@code rewards}</td><td>the reward catalog: each with {@code id} (required, unique),
 *       {@code name} (default the id), {@code points} (required, positive), {@code stock},
 *       {@code perMember} and {@code period} (as for actions, default {@code EVER})</td>
 *       <td>no rewards</td></tr>
 *   <tr><td>{@code tiers}</td><td>a {@link dev.loyaltykit.rules.tier.TierScheme}: {@code metric}
 *       ({@code SPEND}, {@code POINTS_EARNED}, {@code ORDERS}, {@code SINGLE_ORDER}; required),
 *       {@code window} ({@code LIFETIME}, {@code ROLLING_MONTHS} with {@code months} 1 to 24,
 *       {@code CALENDAR_YEAR}; default {@code LIFETIME}), {@code review}
 *       ({@code CALENDAR_YEAR_END} or {@code ANNIVERSARY}), {@code grace} (ISO period),
 *       {@code dropAtMostOneTier} (default false), and {@code levels} (required): each with
 *       {@code id}, {@code name}, {@code threshold} (decimal, not negative), {@code accrualMultiplier}
 *       (default 1), {@code discountPercent} (default 0), {@code redemption} (as above) and
 *       {@code perks} (array of strings)</td><td>no tiers</td></tr>
 *   <tr><td>{@code campaigns}</td><td>each a {@link dev.loyaltykit.rules.campaign.Campaign}:
 *       {@code id}, {@code trigger} ({@code {"type": "welcome", "onConsent": "MESSENGER"}},
 *       {@code birthday} with {@code daysBefore}, {@code winBack} with {@code inactiveDays},
 *       {@code expiryReminder} with {@code daysBefore}, {@code anniversary}), {@code points},
 *       {@code pointsExpireAfter}, {@code template}, {@code channels} (in order of preference),
 *       {@code tiers}, {@code memberAttributes}, {@code from}, {@code to}, {@code controlPercent}
 *       (0 to 50), {@code attributionWindow} (default {@code P30D}); the {@code segmentEntered}
 *       trigger names a {@code segment}</td><td>no campaigns</td></tr>
 *   <tr><td>{@code partners}</td><td>each with {@code id}, {@code name}, {@code issueCost} and
 *       {@code redemptionCredit} (money per point), {@code suspended} (default false)</td>
 *       <td>no partners</td></tr>
 *   <tr><td>{@code segments}</td><td>each with {@code id} and any of {@code boughtWithinDays},
 *       {@code sleepingDays}, {@code minOrders}, {@code minSpend}, {@code boughtCategories},
 *       {@code tiers}, {@code memberAttributes}</td><td>no segments</td></tr>
 *   <tr><td>{@code referral}</td><td>the {@link dev.loyaltykit.rules.referral.ReferralScheme}:
 *       {@code referrerPoints} (required, positive); {@code friendReward} (required):
 *       {@code {"type": "points", "points": N}} or {@code {"type": "discount", "percent": "10"}}
 *       (above 0, at most 100); {@code minPurchase} (money, positive; default: any amount paid in
 *       money); {@code qualifyWithin} (period after enrolment, positive; default: no limit);
 *       {@code excludedCategories} (array of strings); {@code maturity} (period, not negative,
 *       default {@code P14D}); {@code existingMemberGrace} (ISO-8601
 *       {@link java.time.Duration}, not negative, default {@code PT24H}); {@code limits}:
 *       {@code perReferrer} with {@code period} (as for actions, default {@code EVER}),
 *       {@code referrerTotal}, {@code perFingerprint} (each optional, positive)</td>
 *       <td>no referral scheme</td></tr>
 * </table>
 *
 * <p>Each rule has a {@code type} and an {@code id} unique in the program (1 to 64 letters,
 * digits, {@code . _ -}). The kinds and their own fields:
 * <ul>
 *   <li>{@code percentOfSpend}: {@code percent} (required, above 0, at most 100);</li>
 *   <li>{@code pointsPerSpend}: {@code points} (required), {@code per} (money, required),
 *       {@code scope} ({@code ORDER} or {@code LINE}, default {@code ORDER});</li>
 *   <li>{@code lineBonus}: {@code points} (required), {@code perUnit} (default false);</li>
 *   <li>{@code orderBonus}: {@code points} (required), {@code firstPurchaseOnly} (default false);</li>
 *   <li>{@code multiplier}: {@code factor} (required, above 1, at most 100);</li>
 *   <li>{@code action}: {@code action} (required), {@code points} (required), {@code limit}
 *       (default 1), {@code period} ({@code EVER}, {@code DAY}, {@code WEEK}, {@code MONTH},
 *       {@code YEAR}; default {@code EVER}), {@code schedule}, and a {@code filter} with only
 *       {@code memberAttributes} (actions have no order or lines).</li>
 * </ul>
 * The five purchase kinds also take, all optional: {@code filter} ({@code categories},
 * {@code skus}, {@code excludeCategories}, {@code excludeSkus}, {@code partners},
 * {@code channels}, {@code segments}: arrays of strings; {@code memberAttributes}: an object of
 * strings),
 * {@code schedule} ({@code fromDate}, {@code toDate}: ISO dates, inclusive; {@code daysOfWeek}:
 * an array of {@code MONDAY} ... {@code SUNDAY}; {@code fromTime}, {@code untilTime}: ISO local
 * times, together), {@code caps} (as for the program), {@code minSpend} (money),
 * {@code exclusiveGroup}, {@code priority} (whole number, default 0) and {@code rounding} (a
 * {@link java.math.RoundingMode} name other than {@code UNNECESSARY}, default {@code DOWN}).
 *
 * <p>Values: points, caps, limits and priorities are JSON whole numbers. Percentages, factors
 * and money are decimal strings such as {@code "12.50"} (or JSON numbers); money is in the
 * program currency with at most the currency's decimals. Rule kinds and enum values are
 * case-sensitive. Fields not listed here are errors, as is {@code null} for any field.
 *
 * <p>Writing produces this format pretty-printed with a fixed field order: the program's scalar
 * fields always, other fields only where they differ from their default, purchase rules before
 * action rules, decimals as strings.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class ProgramJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final DefaultIndenter INDENTER = new DefaultIndenter("  ", "\n");
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(INDENTER).withArrayIndenter(INDENTER));

    private ProgramJson() {
    }

    /**
     * Reads a definition from JSON text.
     *
     * @param json the document
     * @return the definition
     * @throws ProgramDefinitionException listing every error in the document, each with its JSON path
     */
    public static ProgramDefinition read(String json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser parser = MAPPER.createParser(json)) {
            return read(parser);
        } catch (IOException e) {
            // Parse errors are handled in read(parser); a String has no I/O to fail.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a definition from a character stream, to its end. The reader is not closed.
     *
     * @param reader the document
     * @return the definition
     * @throws ProgramDefinitionException listing every error in the document, each with its JSON path
     * @throws IOException if reading fails
     */
    public static ProgramDefinition read(Reader reader) throws IOException {
        Objects.requireNonNull(reader, "reader");
        try (JsonParser parser = MAPPER.createParser(reader)) {
            return read(parser);
        }
    }

    /**
     * Reads a definition from a file in UTF-8 (or UTF-16 or UTF-32, detected from its start).
     *
     * @param file the file
     * @return the definition
     * @throws ProgramDefinitionException listing every error in the document, each with its JSON path
     * @throws IOException if the file cannot be read
     */
    public static ProgramDefinition read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file); JsonParser parser = MAPPER.createParser(in)) {
            return read(parser);
        }
    }

    private static ProgramDefinition read(JsonParser parser) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw new ProgramDefinitionException(List.of(new DefinitionError("$", "malformed JSON"
                        + at(parser.currentTokenLocation()) + ": unexpected content after the end of the document")));
            }
        } catch (JsonProcessingException e) {
            throw malformed(parser, e);
        }
        return DefinitionReader.read(root);
    }

    private static ProgramDefinitionException malformed(JsonParser parser, JsonProcessingException e) {
        String message = e.getOriginalMessage();
        message = message == null ? "unreadable" : message
                .replaceAll("\\[Source: [^;\\]]*; line", "[line")
                .replaceAll("\\s*\\R\\s*", " ");
        String path = containerPath(parser.getParsingContext());
        return new ProgramDefinitionException(List.of(new DefinitionError(path, "malformed JSON"
                + at(e.getLocation()) + ": " + message)), e);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The JSON path of the innermost object or array the parser was in. */
    private static String containerPath(JsonStreamContext innermost) {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = innermost; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(0, c);
        }
        String path = "$";
        // Each context's current name or index leads to the next one; the innermost adds nothing.
        for (int i = 0; i < chain.size() - 1; i++) {
            JsonStreamContext c = chain.get(i);
            if (c.inArray()) {
                path = path + "[" + c.getCurrentIndex() + "]";
            } else if (c.getCurrentName() != null) {
                path = DefinitionReader.field(path, c.getCurrentName());
            } else {
                break;
            }
        }
        return path;
    }

    /**
     * Writes a definition as pretty-printed JSON that {@link #read(String)} reads back to an equal
     * definition.
     *
     * @param definition the definition
     * @return the JSON document
     * @throws InvalidArgumentException if the definition has a purchase rule of a kind JSON cannot hold
     *     (a host's own {@link dev.loyaltykit.rules.accrual.PurchaseRule} class), or an action rule
     *     that filters on order or line parts (which action rules ignore)
     */
    public static String write(ProgramDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        try {
            return WRITER.writeValueAsString(DefinitionWriter.write(definition));
        } catch (JsonProcessingException e) {
            // A tree of strings, numbers and booleans always serialises.
            throw new UncheckedIOException(e);
        }
    }
}
