package dev.loyaltykit.rules.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.Channel;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.campaign.Campaign;
import dev.loyaltykit.rules.campaign.Trigger;
import java.time.Period;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CampaignJsonTest {

    @Test
    void read_campaigns() {
        ProgramDefinition d = ProgramJson.read("""
                { "schemaVersion": 1, "id": "cafe", "currency": "RUB",
                  "campaigns": [
                    { "id": "bot", "trigger": { "type": "welcome", "onConsent": "MESSENGER" }, "points": 100 },
                    { "id": "birthday", "trigger": { "type": "birthday", "daysBefore": 3 }, "points": 200,
                      "pointsExpireAfter": "P14D", "template": "birthday-gift", "channels": ["MESSENGER", "SMS"],
                      "controlPercent": "10" },
                    { "id": "sleepers", "trigger": { "type": "winBack", "inactiveDays": 60 }, "template": "we-miss-you",
                      "channels": ["SMS"], "attributionWindow": "P14D" } ] }
                """);
        assertThat(d.campaigns()).containsExactly(
                Campaign.of("bot", new Trigger.Welcome(Optional.of(Channel.MESSENGER)), 100),
                Campaign.of("birthday", new Trigger.Birthday(3), 200).withReward(200, Period.ofDays(14))
                        .withMessage("birthday-gift", Channel.MESSENGER, Channel.SMS).withControlPercent("10"),
                Campaign.message("sleepers", new Trigger.WinBack(60), "we-miss-you", Channel.SMS)
                        .withAttributionWindow(Period.ofDays(14)));
        assertThat(ProgramJson.read(ProgramJson.write(d))).isEqualTo(d);
    }

    @Test
    void read_badCampaigns_reportEachWithItsPath() {
        assertThatExceptionOfType(ProgramDefinitionException.class).isThrownBy(() -> ProgramJson.read("""
                { "schemaVersion": 1, "id": "cafe", "currency": "RUB",
                  "campaigns": [
                    { "id": "a", "trigger": { "type": "lottery" }, "points": 1 },
                    { "id": "b", "trigger": { "type": "winBack" }, "points": 1 },
                    { "id": "c", "trigger": { "type": "birthday" }, "points": 1, "channels": ["PIGEON"] },
                    { "id": "d", "trigger": { "type": "anniversary" } } ] }
                """)).satisfies(e -> assertThat(e.errors()).extracting(DefinitionError::toString).contains(
                "$.campaigns[0].trigger.type: unknown trigger 'lottery'; known triggers: [welcome, birthday, winBack, "
                        + "expiryReminder, anniversary, segmentEntered]",
                "$.campaigns[1].trigger.inactiveDays: required field is missing",
                "$.campaigns[2].channels[0]: unknown value 'PIGEON'; allowed: [SMS, EMAIL, PUSH, MESSENGER]",
                "$.campaigns[3].points: campaign d neither gives points nor sends a message"));
    }

    @Test
    void read_partners() {
        ProgramDefinition d = ProgramJson.read("""
                { "schemaVersion": 1, "id": "city", "currency": "RUB",
                  "partners": [ { "id": "clothes", "name": "Clothes shop", "issueCost": "1.00", "redemptionCredit": "0.90" },
                                { "id": "coffee", "issueCost": "1.00", "redemptionCredit": "1.00", "suspended": true } ] }
                """);
        assertThat(d.partners()).containsExactly(
                dev.loyaltykit.rules.coalition.Partner.of("clothes", "Clothes shop", dev.loyaltykit.core.Money.of("1.00", "RUB"),
                        dev.loyaltykit.core.Money.of("0.90", "RUB")),
                dev.loyaltykit.rules.coalition.Partner.of("coffee", "coffee", dev.loyaltykit.core.Money.of("1.00", "RUB"),
                        dev.loyaltykit.core.Money.of("1.00", "RUB")).withSuspended(true));
        assertThat(ProgramJson.read(ProgramJson.write(d))).isEqualTo(d);
        assertThatExceptionOfType(ProgramDefinitionException.class).isThrownBy(() -> ProgramJson.read("""
                { "schemaVersion": 1, "id": "city", "currency": "RUB",
                  "partners": [ { "id": "a", "issueCost": "-1.00", "redemptionCredit": "1.00" }, { "id": "b" } ] }
                """)).satisfies(e -> assertThat(e.errors()).extracting(DefinitionError::toString).contains(
                "$.partners[1].issueCost: required field is missing",
                "$.partners[1].redemptionCredit: required field is missing"));
    }
}
