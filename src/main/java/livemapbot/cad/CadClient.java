package livemapbot.cad;

import java.util.List;

/**
 * The Sonoran CAD API as the bot needs it; one implementation per API version (v1 POST
 * endpoints, v2 GET/PUT with a Bearer key). Calls block (within {@link CadBudget#OPERATION});
 * callers run them off JDA's threads. Implementations retry what is safe to retry, send every
 * attempt through {@link CallGuard#current()}, and throw {@link CadException} for everything else.
 */
public interface CadClient {

    /** Every server of the community, in the order Sonoran serves them. */
    List<ServerEntry> listServers() throws CadException;

    /**
     * Replaces the community's whole server list with {@code servers}; {@code deployMap} also
     * redeploys the Live Map ("Save and Deploy").
     */
    void replaceServers(List<ServerEntry> servers, boolean deployMap) throws CadException;

    /** The community's plan. */
    CadPlan plan() throws CadException;
}
