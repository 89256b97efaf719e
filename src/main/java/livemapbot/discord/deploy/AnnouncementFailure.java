package livemapbot.discord.deploy;

import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;

/**
 * Why the announcement of a successful deploy could not be posted, as a sentence for the invoker
 * that says what to fix. JDA reports a missing permission either locally (it knows the bot's
 * permissions from the cache and throws {@link InsufficientPermissionException} before sending) or
 * as Discord's answer ({@link ErrorResponseException}); both read the same to staff.
 */
final class AnnouncementFailure {
    private AnnouncementFailure() {
    }

    static String channelMissing(long channelId) {
        return "The announcement channel " + channelId + " (discord.announceChannelId) does not exist or the bot "
                + "cannot see it: fix the id, or give the bot View Channel there.";
    }

    static String explain(Throwable error, long channelId) {
        if (error instanceof InsufficientPermissionException) {
            return noPermission(channelId);
        }
        if (error instanceof ErrorResponseException response) {
            ErrorResponse code = response.getErrorResponse();
            if (code == ErrorResponse.MISSING_PERMISSIONS || code == ErrorResponse.MISSING_ACCESS) {
                return noPermission(channelId);
            }
            if (code == ErrorResponse.UNKNOWN_CHANNEL) {
                return "The channel <#" + channelId + "> no longer exists: set discord.announceChannelId "
                        + "to an existing channel.";
            }
            return "Discord refused the announcement (" + code.getMeaning() + ").";
        }
        return "The announcement could not be sent (" + error.getClass().getSimpleName() + "); see the bot log.";
    }

    private static String noPermission(long channelId) {
        return "The bot may not post in <#" + channelId + ">: give it View Channel, Send Messages and Embed Links there.";
    }
}
