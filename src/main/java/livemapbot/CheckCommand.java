package livemapbot;

import livemapbot.cad.CadClient;
import livemapbot.cad.CadException;
import livemapbot.cad.CadPlan;
import livemapbot.cad.ServerEntry;
import livemapbot.config.Quote;
import livemapbot.config.Settings;
import livemapbot.config.StatusSettings;
import livemapbot.status.ConfigHint;
import livemapbot.status.GameServerProbe;
import livemapbot.status.ProbeResult;
import livemapbot.status.StatusProbes;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check}: asks Sonoran for the plan and the server list with the configured credentials
 * and prints a table of the servers, or each problem with how to fix it. Configuration problems
 * are reported before this runs (by the loader).
 */
final class CheckCommand {
    private final Settings settings;
    private final CadClient cad;
    private final PrintStream out;
    private final List<String> problems = new ArrayList<>();
    private boolean credentialsRefused;

    CheckCommand(Settings settings, CadClient cad, PrintStream out) {
        this.settings = settings;
        this.cad = cad;
        this.out = out;
    }

    /**
     * What each server's game server answered (README "Live status"), by server id; a probe that
     * failed itself is absent. Information, not a problem: a game server that firewalls its HTTP
     * endpoints may work fine for players.
     */
    private Map<Integer, ProbeResult> probe(List<ServerEntry> servers) {
        StatusSettings status = settings.status();
        Map<Integer, ProbeResult> results = new LinkedHashMap<>();
        try (GameServerProbe probe = GameServerProbe.builder(Version.current())
                .enabled(status.probeEnabled())
                .allowPrivateAddresses(status.allowPrivateAddresses())
                .build();
             StatusProbes probes = StatusProbes.create(probe, Clock.systemUTC())) {
            probes.probeAll(servers).forEach((id, future) -> {
                ProbeResult result = future.exceptionally(e -> null).join();
                if (result != null) {
                    results.put(id, result);
                }
            });
        }
        return results;
    }

    /** Runs the Sonoran checks; the problems found are in {@link #problems()}. */
    void run() {
        out.println("Sonoran CAD: " + settings.apiUrl() + " (API " + settings.apiVersion().name().toLowerCase()
                + (settings.sandbox() ? ", sandbox" : "") + "), community " + Quote.value(settings.communityId()));
        CadPlan plan = checkPlan();
        if (plan != null && !plan.canViewServers() || credentialsRefused) {
            // Reading the servers would only fail again for the same reason.
            return;
        }
        try {
            List<ServerEntry> servers = cad.listServers();
            out.println();
            Map<Integer, ProbeResult> probed = probe(servers);
            Map<Integer, String> column = new LinkedHashMap<>();
            servers.forEach(server -> column.put(server.id(),
                    probed.containsKey(server.id()) ? probed.get(server.id()).summary() : "probe failed"));
            out.print(ServerTable.render(servers, column));
            out.println();
            out.println(servers.size() + (servers.size() == 1 ? " server" : " servers") + " read from Sonoran.");
            for (ServerEntry server : servers) {
                for (ConfigHint hint : probed.containsKey(server.id()) ? probed.get(server.id()).hints()
                        : List.<ConfigHint>of()) {
                    out.println("Hint: server " + server.id() + " (" + server.name() + "): " + hint.text());
                }
            }
        } catch (CadException e) {
            problem("Reading the server list failed: " + e.userMessage());
        }
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    private CadPlan checkPlan() {
        try {
            CadPlan plan = cad.plan();
            out.println("Plan: " + plan.name() + " (level " + plan.level() + "): " + plan.allows());
            if (!plan.canViewServers()) {
                problem("The community's plan is " + plan.name() + "; reading servers needs Standard or higher "
                        + "(" + CadPlan.UPGRADE_WHERE + ").");
            } else if (!plan.canChangeServers()
                    && !(settings.editRoleIds().isEmpty() && settings.deployRoleIds().isEmpty())) {
                problem("The community's plan is " + plan.name() + "; /setmap and /deploymap need Plus or higher. "
                        + "Upgrade (" + CadPlan.UPGRADE_WHERE + "), or leave access.editRoleIds and access.deployRoleIds empty.");
            }
            return plan;
        } catch (CadException e) {
            problem("Asking Sonoran for the plan failed: " + e.userMessage());
            credentialsRefused = e.kind() == CadException.Kind.INVALID_CREDENTIALS;
            return null;
        }
    }

    private void problem(String text) {
        problems.add(text);
        out.println("PROBLEM: " + text);
    }
}
