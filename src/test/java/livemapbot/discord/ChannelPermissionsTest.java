package livemapbot.discord;

import livemapbot.discord.ChannelPermissions.Overwrite;
import net.dv8tion.jda.api.Permission;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelPermissionsTest {
    private static final long GUILD = 100;
    private static final long BOT = 7;
    private static final long ROLE_A = 201;
    private static final long ROLE_B = 202;
    private static final long VIEW = Permission.VIEW_CHANNEL.getRawValue();
    private static final long SEND = Permission.MESSAGE_SEND.getRawValue();
    private static final long EMBED = Permission.MESSAGE_EMBED_LINKS.getRawValue();
    private static final long ADMIN = Permission.ADMINISTRATOR.getRawValue();
    private static final long POST = VIEW | SEND | EMBED;

    private static long in(long base, Set<Long> roles, Overwrite... overwrites) {
        return ChannelPermissions.inChannel(base, GUILD, BOT, roles, List.of(overwrites));
    }

    @Test
    void baseIsEveryoneOrEachRole() {
        assertEquals(VIEW | SEND | EMBED, ChannelPermissions.base(VIEW, List.of(SEND, EMBED), false));
        assertEquals(VIEW, ChannelPermissions.base(VIEW, List.of(), false));
    }

    @Test
    void administratorOrOwnerHasEverythingAndIgnoresOverwrites() {
        long admin = ChannelPermissions.base(0, List.of(ADMIN), false);
        assertEquals(ChannelPermissions.ALL, admin);
        assertEquals(ChannelPermissions.ALL, ChannelPermissions.base(0, List.of(), true));
        assertEquals(ChannelPermissions.ALL, in(admin, Set.of(ROLE_A), new Overwrite(GUILD, false, 0, POST)));
    }

    @Test
    void everyoneOverwriteDeniesWhatTheBaseAllows() {
        long result = in(POST, Set.of(), new Overwrite(GUILD, false, 0, SEND));
        assertFalse(ChannelPermissions.has(result, Permission.MESSAGE_SEND));
        assertEquals(List.of("Send Messages"), ChannelPermissions.missing(result, ChannelPermissions.TO_POST_EMBEDS));
    }

    @Test
    void aRoleAllowBeatsAnotherRolesDenyAndTheEveryoneDeny() {
        long result = in(POST, Set.of(ROLE_A, ROLE_B),
                new Overwrite(GUILD, false, 0, SEND),
                new Overwrite(ROLE_A, false, 0, SEND),
                new Overwrite(ROLE_B, false, SEND, 0));
        assertTrue(ChannelPermissions.has(result, Permission.MESSAGE_SEND));
    }

    @Test
    void overwritesOfRolesTheMemberLacksDoNotApply() {
        long result = in(POST, Set.of(ROLE_A), new Overwrite(ROLE_B, false, 0, POST));
        assertEquals(POST, result);
    }

    @Test
    void theMemberOverwriteComesLastAndWins() {
        long denied = in(POST, Set.of(ROLE_A),
                new Overwrite(ROLE_A, false, EMBED, 0),
                new Overwrite(BOT, true, 0, EMBED));
        assertFalse(ChannelPermissions.has(denied, Permission.MESSAGE_EMBED_LINKS));
        long allowed = in(0, Set.of(ROLE_A),
                new Overwrite(ROLE_A, false, 0, POST),
                new Overwrite(BOT, true, POST, 0));
        assertEquals(POST, allowed);
    }

    @Test
    void aMemberOverwriteForSomeoneElseDoesNotApply() {
        assertEquals(POST, in(POST, Set.of(), new Overwrite(BOT + 1, true, 0, POST)));
    }

    @Test
    void aPrivateChannelIsOpenedByARoleAllow() {
        long result = in(POST, Set.of(ROLE_A),
                new Overwrite(GUILD, false, 0, VIEW),
                new Overwrite(ROLE_A, false, VIEW, 0));
        assertTrue(ChannelPermissions.missing(result, ChannelPermissions.TO_POST_EMBEDS).isEmpty());
    }

    @Test
    void missingNamesEveryLackingPermissionInOrder() {
        assertEquals(List.of("View Channel", "Send Messages", "Embed Links"),
                ChannelPermissions.missing(0, ChannelPermissions.TO_POST_EMBEDS));
        assertEquals(List.of("Embed Links"), ChannelPermissions.missing(VIEW | SEND, ChannelPermissions.TO_POST_EMBEDS));
    }
}
