package livemapbot.e2e.fake;

import org.junit.jupiter.api.Test;

import static livemapbot.e2e.fake.FakeGuild.ADMINISTRATOR;
import static livemapbot.e2e.fake.FakeGuild.ALL_PERMISSIONS;
import static livemapbot.e2e.fake.FakeGuild.EMBED_LINKS;
import static livemapbot.e2e.fake.FakeGuild.SEND_MESSAGES;
import static livemapbot.e2e.fake.FakeGuild.VIEW_CHANNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Discord's permission algorithm as the fake applies it (for interactions and channel posts). */
class FakeGuildTest {
    private static final long GUILD = 10;
    private static final long OWNER = 11;
    private static final long STAFF = 20;
    private static final long ADMIN = 21;
    private static final long CHANNEL = 30;
    private static final long USER = 40;

    private final FakeGuild guild = new FakeGuild(GUILD, "g", OWNER)
            .everyonePermissions(VIEW_CHANNEL | SEND_MESSAGES)
            .role(STAFF, "Staff", EMBED_LINKS)
            .role(ADMIN, "Admin", ADMINISTRATOR)
            .member(USER, "user", STAFF)
            .member(OWNER, "owner")
            .textChannel(CHANNEL, "c");

    @Test
    void guildPermissionsAreEveryoneOrTheMembersRoles() {
        assertEquals(VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS, guild.permissionsOf(USER));
        assertEquals(ALL_PERMISSIONS, guild.permissionsOf(OWNER));
        guild.memberRoles(USER, ADMIN);
        assertEquals(ALL_PERMISSIONS, guild.permissionsOf(USER));
    }

    @Test
    void overwritesApplyEveryoneThenRolesThenMember() {
        guild.overwrites(CHANNEL,
                FakeGuild.Overwrite.role(GUILD, 0, SEND_MESSAGES),
                FakeGuild.Overwrite.role(STAFF, SEND_MESSAGES, 0));
        assertEquals(VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS, guild.permissionsIn(USER, CHANNEL));

        guild.overwrites(CHANNEL,
                FakeGuild.Overwrite.role(STAFF, SEND_MESSAGES, 0),
                FakeGuild.Overwrite.member(USER, 0, SEND_MESSAGES | EMBED_LINKS));
        assertEquals(VIEW_CHANNEL, guild.permissionsIn(USER, CHANNEL));

        guild.memberRoles(USER);
        guild.overwrites(CHANNEL, FakeGuild.Overwrite.role(GUILD, 0, SEND_MESSAGES));
        assertEquals(VIEW_CHANNEL, guild.permissionsIn(USER, CHANNEL));
    }
}
