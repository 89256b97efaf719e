package livemapbot.discord.setmap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.CadException;
import livemapbot.cad.ConflictException;
import livemapbot.cad.FieldChange;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import livemapbot.cad.ServerMerge;
import livemapbot.discord.EmbedText;
import livemapbot.discord.InertText;
import livemapbot.discord.Replies;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetMapMessagesTest {
    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:10:00Z");

    static String text(MessageEmbed embed) {
        StringBuilder all = new StringBuilder();
        all.append(embed.getTitle()).append('\n').append(embed.getDescription()).append('\n');
        for (MessageEmbed.Field f : embed.getFields()) {
            all.append(f.getName()).append(": ").append(f.getValue()).append('\n');
        }
        return all.toString();
    }

    static void assertWithinLimits(MessageEmbed embed) {
        assertTrue(embed.getLength() <= EmbedText.MAX_TOTAL, "total " + embed.getLength());
        assertTrue(embed.getFields().size() <= EmbedText.MAX_FIELDS);
        for (MessageEmbed.Field f : embed.getFields()) {
            assertTrue(f.getValue().length() <= EmbedText.FIELD_VALUE);
            assertFalse(f.getValue().isBlank());
        }
        assertTrue(embed.isSendable());
    }

    @Test
    void diffIsRenderedOldArrowNew() {
        SetMapPlan plan = SetMapPlanTest.plan(SetMapPlanTest.main(), MapChanges.none()
                .with(ServerField.MAP_TYPE, "POSTAL").with(ServerField.NAME, "Renamed"), null);
        MessageEmbed embed = SetMapMessages.preview(plan, EXPIRES);
        assertEquals("`Main` → `Renamed`", field(embed, "Name").getValue());
        assertEquals("`NORMAL` → `POSTAL`", field(embed, "Map type").getValue());
        assertTrue(field(embed, "Live Map").getValue().contains("Will be deployed"));
        assertTrue(embed.getDescription().contains("#1 Main"));
        assertTrue(embed.getDescription().contains("<t:" + EXPIRES.getEpochSecond() + ":R>"));
    }

    @Test
    void emptyOldValueShowsADash() {
        assertEquals("— → `1.1.1.1`",
                SetMapMessages.changeValue(new FieldChange("outboundIp", "Outbound IP", "", "1.1.1.1"), 100));
    }

    @Test
    void previewSaysWhenTheMapIsNotDeployed() {
        SetMapPlan plan = SetMapPlanTest.plan(SetMapPlanTest.main(), MapChanges.none().with(ServerField.NAME, "N"), null);
        assertTrue(field(SetMapMessages.preview(plan, EXPIRES), "Live Map").getValue().contains("Will not be deployed"));
        SetMapPlan forced = SetMapPlanTest.plan(SetMapPlanTest.main(), MapChanges.none().with(ServerField.NAME, "N"), true);
        assertTrue(field(SetMapMessages.preview(forced, EXPIRES), "Live Map").getValue().contains("you asked"));
    }

    @Test
    void previewTellsAnEditorWithoutADeployRoleThatADeployerPublishesIt() {
        SetMapPlan plan = SetMapPlan.of(SetMapPlanTest.main(), MapChanges.none().with(ServerField.ENABLE_MAP, true),
                null, SetMapPlanTest.NO_DEPLOY_ROLE, java.util.Optional.empty());
        String line = field(SetMapMessages.preview(plan, EXPIRES), "Live Map").getValue();
        assertTrue(line.startsWith("Will not be deployed"), line);
        assertTrue(line.contains("map enabled changes"), "why it would: " + line);
        assertTrue(line.contains("<@&7>"), "which roles deploy: " + line);
        assertTrue(line.contains("a deployer can run /deploymap to publish it"), line);
    }

    @Test
    void previewSaysWhenTheCooldownStandsInTheWay() {
        SetMapPlan plan = SetMapPlan.of(SetMapPlanTest.main(), MapChanges.none().with(ServerField.ENABLE_MAP, true),
                null, SetMapPlanTest.MAY_DEPLOY,
                java.util.Optional.of("The Live Map was deployed by Ann <t:1:R>; the next deploy is allowed <t:61:R>."));
        String line = field(SetMapMessages.preview(plan, EXPIRES), "Live Map").getValue();
        assertTrue(line.contains("not right now") && line.contains("the next deploy is allowed <t:61:R>"), line);
        assertTrue(line.contains("saved without a deploy"), line);
    }

    @Test
    void successSaysWhyTheMapWasNotDeployedAndWhoCanPublishIt() {
        Preview p = new Preview(1, "Ann", 1, SetMapPlanTest.main(),
                MapChanges.none().with(ServerField.ENABLE_MAP, true), DeployDecision.DEPLOYS, EXPIRES);
        String noRole = SetMapMessages.success(p,
                new DeployDecision(DeployDecision.Reason.NO_DEPLOY_ROLE, "refused"), false).getDescription();
        assertTrue(noRole.contains("not deployed") && noRole.contains("A deployer can run /deploymap to publish it."),
                noRole);
        String notNow = SetMapMessages.success(p, DeployDecision.notNow("The next deploy is allowed <t:61:R>."), false)
                .getDescription();
        assertTrue(notNow.contains("not deployed") && notNow.contains("<t:61:R>")
                && notNow.contains("Run /deploymap then"), notNow);
    }

    @Test
    void overrideWarningShownExactlyWhenGameServerFieldsChange() {
        for (ServerField field : ServerField.values()) {
            Object value = switch (field) {
                case ENABLE_MAP, DIFFERING_OUTBOUND -> true;
                case LISTENER_PORT -> 4000;
                case MAP_TYPE -> "POSTAL";
                case MAP_URL -> "https://new.example.com";
                default -> "198.51.100.9";
            };
            SetMapPlan plan = SetMapPlanTest.plan(SetMapPlanTest.main(), MapChanges.none().with(field, value), null);
            String text = text(SetMapMessages.preview(plan, EXPIRES));
            assertEquals(field.overwrittenByGameServer(), text.contains("disableOverride"), field.name());
        }
    }

    @Test
    void thousandCharacterDescriptionsAreCutNotRefused() {
        ObjectNode json = SetMapPlanTest.main().toJson();
        json.put("description", "o".repeat(1000));
        json.put("mapUrl", "https://old.example.com/" + "p".repeat(3000));
        json.put("name", "n".repeat(100));
        ServerEntry before = ServerEntry.fromJson(json);
        MapChanges all = MapChanges.none()
                .with(ServerField.DESCRIPTION, "d".repeat(1000))
                .with(ServerField.NAME, "m".repeat(100))
                .with(ServerField.MAP_URL, "https://new.example.com/" + "q".repeat(3000))
                .with(ServerField.MAP_IP, "a".repeat(63) + ".example.com")
                .with(ServerField.OUTBOUND_IP, "b".repeat(63) + ".example.com")
                .with(ServerField.ENABLE_MAP, true)
                .with(ServerField.MAP_TYPE, "OCRP POSTAL")
                .with(ServerField.DIFFERING_OUTBOUND, true)
                .with(ServerField.LISTENER_PORT, 30120);
        SetMapPlan plan = SetMapPlanTest.plan(before, all, null);
        assertEquals(9, plan.diff().size());
        MessageEmbed preview = SetMapMessages.preview(plan, EXPIRES);
        assertWithinLimits(preview);
        assertTrue(field(preview, "Description").getValue().contains("…"));
        assertTrue(text(preview).contains("disableOverride"), "warning survives the cut");

        Preview p = new Preview(1, "Ann", 1, before, all, DeployDecision.DEPLOYS, EXPIRES);
        assertWithinLimits(SetMapMessages.success(p, DeployDecision.DEPLOYS, true));
    }

    @Test
    void shortDescriptionIsShownWhole() {
        SetMapPlan plan = SetMapPlanTest.plan(SetMapPlanTest.main(),
                MapChanges.none().with(ServerField.DESCRIPTION, "New text"), null);
        assertEquals("`Old description` → `New text`",
                field(SetMapMessages.preview(plan, EXPIRES), "Description").getValue());
    }

    /**
     * Issue 12 (this test listed every field changed meanwhile before): the conflict lists the
     * fields that collided, each with the value now and the member's value, within Discord's limits.
     */
    @Test
    void conflictListsTheCollidingFieldsWithBothValuesAndStaysWithinLimits() {
        ServerEntry seen = SetMapPlanTest.main();
        ServerEntry current = seen.with(ServerField.MAP_IP, "198.51.100.1").with(ServerField.NAME, "Renamed elsewhere");
        MessageEmbed embed = SetMapMessages.conflict(new ConflictException(seen, current, List.of(
                new ServerMerge.Collision(ServerField.MAP_IP, "203.0.113.5", "198.51.100.1", "192.0.2.9"))), false);
        String ip = field(embed, "Game server IP").getValue();
        assertTrue(ip.contains("`198.51.100.1`") && ip.contains("`192.0.2.9`"), ip);
        assertEquals(1, embed.getFields().size(), "only the colliding field: " + embed.getFields());
        assertTrue(embed.getDescription().contains("game server ip"), embed.getDescription());
        assertTrue(embed.getDescription().contains("/setmap again"));

        String huge = "v".repeat(3000);
        List<ServerMerge.Collision> many = new java.util.ArrayList<>();
        for (ServerField f : List.of(ServerField.NAME, ServerField.DESCRIPTION, ServerField.MAP_URL,
                ServerField.MAP_IP, ServerField.OUTBOUND_IP)) {
            many.add(new ServerMerge.Collision(f, huge, huge + "a", huge + "b"));
        }
        MessageEmbed big = SetMapMessages.conflict(new ConflictException(seen, current, many), true);
        assertWithinLimits(big);
        assertTrue(big.getDescription().contains("audit record"));
    }

    @Test
    void successSaysWhatWasKeptFromMeanwhileAndByWhom() {
        Preview p = new Preview(1, "Ann", 1, SetMapPlanTest.main(),
                MapChanges.none().with(ServerField.MAP_TYPE, "NORMAL"), DeployDecision.DEPLOYS, EXPIRES);
        List<FieldChange> kept = List.of(new FieldChange("description", "Description", "a", "b"));
        assertTrue(SetMapMessages.success(p, DeployDecision.DEPLOYS, kept, false, false).getDescription()
                .contains("Also changed meanwhile (kept): description by someone outside the bot"));
        assertTrue(SetMapMessages.success(p, DeployDecision.DEPLOYS, kept, true, false).getDescription()
                .contains("Also changed meanwhile (kept): description by another edit through the bot"));
    }

    @Test
    void successAndFailureSayWhatHappened() {
        Preview p = new Preview(1, "Ann", 1, SetMapPlanTest.main(),
                MapChanges.none().with(ServerField.ENABLE_MAP, true), DeployDecision.DEPLOYS, EXPIRES);
        MessageEmbed ok = SetMapMessages.success(p, DeployDecision.DEPLOYS, false);
        assertEquals(Replies.SUCCESS, ok.getColor());
        assertEquals("`false` → `true`", field(ok, "Map enabled").getValue());
        assertTrue(ok.getDescription().contains("deployed"));
        assertFalse(ok.getDescription().contains("audit"));

        MessageEmbed failed = SetMapMessages.failed(new CadException(CadException.Kind.UNAVAILABLE,
                "Sonoran did not answer; try again in a minute.", "timeout after 10 s"), false);
        assertTrue(failed.getDescription().contains("Sonoran did not answer"));
        assertFalse(failed.getDescription().contains("timeout after"));
    }

    @Test
    void problemsAreListedTogether() {
        MessageEmbed embed = SetMapMessages.problems(List.of("`a`: one", "`b`: two"));
        assertEquals("• `a`: one\n• `b`: two", embed.getDescription());
    }

    static MessageEmbed.Field field(MessageEmbed embed, String name) {
        return embed.getFields().stream().filter(f -> name.equals(f.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + name + " in " + text(embed)));
    }

    @Test
    void aWriteWithUnknownOutcomeIsNotCalledNotMade() {
        var unknown = SetMapMessages.failed(new livemapbot.cad.WriteOutcomeUnknownException(
                "may or may not have been applied", "timeout after sending", null), false);
        assertEquals("Result unknown: the change may have been made", unknown.getTitle());
        var failed = SetMapMessages.failed(new livemapbot.cad.CadException(
                livemapbot.cad.CadException.Kind.UNAVAILABLE, "not answering", "refused"), false);
        assertEquals("The change was not made", failed.getTitle());
    }

    /** Issue 8: the preview header shows the CAD server name escaped (it was shown raw inside bold). */
    @Test
    void previewHeaderShowsTheServerNameEscaped() {
        ObjectNode node = (ObjectNode) SetMapPlanTest.main().toJson();
        node.put("name", InertText.EVIL_NAME);
        node.put("custom " + InertText.EVIL_NAME, "x");
        ServerEntry evil = ServerEntry.fromJson(node);
        SetMapPlan plan = SetMapPlanTest.plan(evil, MapChanges.none().with(ServerField.MAP_TYPE, "POSTAL"), null);
        MessageEmbed preview = SetMapMessages.preview(plan, EXPIRES);

        String header = preview.getDescription().lines().findFirst().orElseThrow();
        assertEquals("**#1 @\u200Beveryone \\[click\\](https://evil) # Big**", header);
        InertText.assertInert(preview, "**", "<t:" + EXPIRES.getEpochSecond() + ":R>");
    }
}
