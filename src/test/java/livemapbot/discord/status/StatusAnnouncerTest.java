package livemapbot.discord.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.ServerEntry;
import livemapbot.discord.Replies;
import livemapbot.status.Check;
import livemapbot.status.GameServerInfo;
import livemapbot.status.ProbeReason;
import livemapbot.status.ProbeResult;
import livemapbot.status.ProbeVerdict;
import livemapbot.status.PushPath;
import livemapbot.status.StatusWatch;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The status watch's announcement (issue 11: "with the time it changed and a link to /servers server:N's advice"). */
@SuppressWarnings("unchecked")
class StatusAnnouncerTest {
    private static final Instant FIRST_SEEN = Instant.parse("2026-03-01T12:00:00Z");
    private static final long CHANNEL = 42L;

    private static ServerEntry server(int id, String name) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("id", id);
        node.put("name", name);
        node.put("mapIp", "198.51.100.1");
        node.put("listenerPort", "30120");
        node.put("enableMap", true);
        return ServerEntry.fromJson(node);
    }

    private static StatusWatch.VerdictChange wentDown(ServerEntry server) {
        GameServerInfo game = new GameServerInfo("**Demo**", OptionalInt.of(12), OptionalInt.of(64), null, true,
                "4.0.104", PushPath.ANSWERS);
        ProbeResult before = new ProbeResult(server.id(), "t", ProbeVerdict.ONLINE, null, "",
                FIRST_SEEN.minusSeconds(120), game, null, true, List.of());
        ProbeResult after = new ProbeResult(server.id(), "t", ProbeVerdict.UNREACHABLE, ProbeReason.REFUSED, "",
                FIRST_SEEN.plusSeconds(60), GameServerInfo.UNKNOWN, null, true,
                List.of(new Check(Check.GAME_SERVER, Check.State.FAILED, "connection refused", "")));
        return new StatusWatch.VerdictChange(server, before, after, FIRST_SEEN);
    }

    @Test
    void theAnnouncementSaysWhatChangedWhenAndWhereTheAdviceIs() {
        MessageEmbed embed = StatusAnnouncer.render(wentDown(server(3, "Whitelisted")));

        assertEquals("Live status: #3 Whitelisted", embed.getTitle());
        String text = embed.getDescription();
        assertTrue(text.contains("**Now:** 🔴 Unreachable from the bot (connection refused)"), text);
        assertTrue(text.contains("**Before:** 🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK"), text);
        long epoch = FIRST_SEEN.getEpochSecond();
        assertTrue(text.contains("<t:" + epoch + ":F>"), "dated by the first of the two observations: " + text);
        assertTrue(text.contains("`/servers server:3`"), text);
        assertEquals(FIRST_SEEN, embed.getTimestamp().toInstant());
        assertEquals(Replies.ERROR, embed.getColor());
    }

    @Test
    void theServerNameIsEscaped() {
        MessageEmbed embed = StatusAnnouncer.render(wentDown(server(1, "**Main** @everyone <@&5>")));
        assertEquals("Live status: #1 \\*\\*Main\\*\\* @\u200Beveryone \\<@&5\\>", embed.getTitle());
    }

    @Test
    void aChangeIsPostedToTheAnnouncementChannel() {
        JDA jda = mock(JDA.class);
        GuildMessageChannel channel = mock(GuildMessageChannel.class);
        MessageCreateAction send = mock(MessageCreateAction.class, RETURNS_SELF);
        when(jda.getChannelById(GuildMessageChannel.class, CHANNEL)).thenReturn(channel);
        when(channel.sendMessageEmbeds(anyCollection())).thenReturn(send);
        StatusWatch.VerdictChange change = wentDown(server(3, "Whitelisted"));

        new StatusAnnouncer(jda, OptionalLong.of(CHANNEL)).verdictChanged(change);

        ArgumentCaptor<Collection<? extends MessageEmbed>> captor = ArgumentCaptor.forClass(Collection.class);
        verify(channel).sendMessageEmbeds(captor.capture());
        assertEquals(List.of(StatusAnnouncer.render(change)), List.copyOf(captor.getValue()));
        verify(send).queue(any(), any());
    }

    @Test
    void withoutAnAnnouncementChannelAChangeIsOnlyLogged() {
        JDA jda = mock(JDA.class);
        new StatusAnnouncer(jda, OptionalLong.empty()).verdictChanged(wentDown(server(3, "W")));
        verifyNoInteractions(jda);
    }
}
