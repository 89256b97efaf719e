package livemapbot.status;

/**
 * One of the probe's three requests, for a detail view: what was asked, what came back, and the
 * next step when it failed.
 *
 * @param name     what was checked, e.g. "Game server (GET /dynamic.json)"
 * @param state    how it went
 * @param observed what came back, in words
 * @param nextStep what to do about it; empty when {@link State#OK}
 */
public record Check(String name, State state, String observed, String nextStep) {
    public static final String GAME_SERVER = "Game server (GET /dynamic.json)";
    public static final String RESOURCE = "sonorancad resource (GET /info.json)";
    public static final String PUSH_PATH = "Push-event path (GET /sonorancad/status)";

    public enum State { OK, FAILED, BLOCKED, NOT_RUN }

    static Check ok(String name, String observed) {
        return new Check(name, State.OK, observed, "");
    }

    static Check notRun(String name) {
        return new Check(name, State.NOT_RUN, "not asked (an earlier check failed)", "");
    }
}
