package livemapbot.e2e.fake;

import com.fasterxml.jackson.databind.JsonNode;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.modals.Modal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Modals through a real JDA: the fake records a modal callback (type 9) with its components as JDA sends them, and a
 * MODAL_SUBMIT it injects (type 5, fields in Labels) reaches JDA's {@code ModalInteractionEvent} with those values.
 */
class FakeDiscordModalTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long ALICE = 1_200_000_000_000_000_310L;

    private static FakeDiscord fake;
    private static JDA jda;
    private static final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private static final CountDownLatch registered = new CountDownLatch(1);

    /** Opens a form from /form and from a button; answers a submit with the values it got. */
    static final class FormBot extends ListenerAdapter {
        @Override
        public void onReady(ReadyEvent event) {
            event.getJDA().getGuildById(FakeDiscord.DEFAULT_GUILD_ID).updateCommands()
                    .addCommands(Commands.slash("form", "open a form"), Commands.slash("card", "a card"))
                    .queue(ok -> registered.countDown(), failures::add);
        }

        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            if (event.getName().equals("card")) {
                event.reply("card").addComponents(ActionRow.of(Button.primary("edit", "Edit"))).queue(null, failures::add);
                return;
            }
            event.replyModal(form()).queue(null, failures::add);
        }

        @Override
        public void onButtonInteraction(ButtonInteractionEvent event) {
            event.replyModal(form()).queue(null, failures::add);
        }

        @Override
        public void onModalInteraction(ModalInteractionEvent event) {
            String text = event.getValue("name").getAsString() + "|" + event.getValue("type").getAsStringList();
            if (event.getMessage() != null) {
                event.editMessage(text).queue(null, failures::add);
            } else {
                event.reply(text).setEphemeral(true).queue(null, failures::add);
            }
        }

        private static Modal form() {
            return Modal.create("form:1", "Edit server")
                    .addComponents(
                            Label.of("Name", TextInput.create("name", TextInputStyle.SHORT).setValue("Main City").build()),
                            Label.of("Map type", StringSelectMenu.create("type").addOption("Normal", "NORMAL")
                                    .addOption("Postal", "POSTAL").setDefaultValues("POSTAL").build()))
                    .build();
        }
    }

    @BeforeAll
    static void connect() throws InterruptedException {
        fake = FakeDiscord.start();
        fake.guild().member(ALICE, "alice");
        jda = FakeJda.startAndAwaitReady(fake, new FormBot());
        assertTrue(registered.await(5, TimeUnit.SECONDS), "commands registered");
    }

    @AfterAll
    static void disconnect() {
        if (jda != null) {
            FakeJda.shutdownCleanly(jda, WAIT);
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void aModalIsRecordedWithItsPrefilledComponentsAndItsSubmitReachesJda() {
        Interaction slash = fake.slashCommand(ALICE, "form");
        Callback modal = fake.awaitCallback(slash, WAIT);
        assertEquals(Callback.MODAL, modal.type());
        assertEquals("form:1", modal.data().path("custom_id").asText());
        JsonNode components = modal.data().path("components");
        assertEquals(2, components.size());
        assertEquals("Main City", components.get(0).path("component").path("value").asText());
        assertEquals("POSTAL", components.get(1).path("component").path("options").get(1).path("value").asText());

        Interaction submit = fake.modalSubmit(ALICE, "form:1", null,
                ModalValue.text("name", "Harbor"), ModalValue.select("type", "NORMAL"));
        Callback answer = fake.awaitCallback(submit, WAIT);
        assertEquals(Callback.REPLY, answer.type());
        assertEquals("Harbor|[NORMAL]", answer.data().path("content").asText());
        assertEquals(List.of(), failures);
        assertEquals(List.of(), fake.unknownRoutes());
    }

    @Test
    void aSubmitFromAButtonsModalCanEditTheMessageTheButtonSitsOn() {
        Interaction card = fake.slashCommand(ALICE, "card");
        fake.awaitCallback(card, WAIT);
        JsonNode message = fake.latestOriginal(card);
        Interaction click = fake.buttonClick(ALICE, message, "edit");
        assertEquals(Callback.MODAL, fake.awaitCallback(click, WAIT).type());

        Interaction submit = fake.modalSubmit(ALICE, "form:1", message,
                ModalValue.text("name", "Harbor"), ModalValue.select("type", "POSTAL"));
        assertEquals(Callback.UPDATE_MESSAGE, fake.awaitCallback(submit, WAIT).type());
        assertEquals("Harbor|[POSTAL]", fake.latestOriginal(card).path("content").asText());
        assertEquals(List.of(), failures);
    }
}
