package livemapbot.cad;

/**
 * The community's Sonoran plan as {@code get_version} reports it: v1 answers a number
 * (0 Free, 1 Starter, 2 Standard, 3 Plus, 4 Pro, 6 Sonoran One), v2 also a name, which wins.
 */
public record CadPlan(int level, String name) {
    public static final int STANDARD = 2;
    public static final int PLUS = 3;

    public static CadPlan ofLevel(int level) {
        return new CadPlan(level, nameOf(level));
    }

    /** From a v2 name such as "PLUS"; unknown names keep the level given. */
    public static CadPlan ofName(String name, int fallbackLevel) {
        String upper = name.trim().toUpperCase(java.util.Locale.ROOT).replace('_', ' ');
        int level = switch (upper) {
            case "FREE" -> 0;
            case "STARTER" -> 1;
            case "STANDARD" -> 2;
            case "PLUS" -> 3;
            case "PRO" -> 4;
            case "SONORAN ONE", "ONE" -> 6;
            default -> fallbackLevel;
        };
        return new CadPlan(level, upper);
    }

    private static String nameOf(int level) {
        return switch (level) {
            case 0 -> "FREE";
            case 1 -> "STARTER";
            case 2 -> "STANDARD";
            case 3 -> "PLUS";
            case 4 -> "PRO";
            case 6 -> "SONORAN ONE";
            default -> "LEVEL " + level;
        };
    }

    /** Where a community admin changes the plan. */
    public static final String UPGRADE_WHERE = "Sonoran CAD admin › billing";

    /** What this plan allows the bot, for {@code check} and the log. */
    public String allows() {
        if (!canViewServers()) {
            return "no API access (reading servers needs Standard or higher)";
        }
        if (!canChangeServers()) {
            return "reading servers only (/servers); changing them (/setmap, Edit, /deploymap) needs Plus or higher";
        }
        return "reading and changing servers";
    }

    /** Why a command that reads servers cannot work on this plan, and what would. */
    public String viewRefusal() {
        return "This community's Sonoran plan is " + name + ", which has no API access, so the bot cannot read "
                + "the servers. Reading them needs Standard or higher; an admin can upgrade in " + UPGRADE_WHERE + ".";
    }

    /** Why a command that changes servers cannot work on this plan, and what would. */
    public String changeRefusal() {
        return "This community's Sonoran plan is " + name + ", which cannot change servers through the API, "
                + "so nothing was attempted. Changing servers (/setmap, Edit, /deploymap) needs Plus or higher; "
                + "an admin can upgrade in " + UPGRADE_WHERE + ".";
    }

    public boolean canViewServers() {
        return level >= STANDARD;
    }

    public boolean canChangeServers() {
        return level >= PLUS;
    }
}
