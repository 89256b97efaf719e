package livemapbot.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.cad.ServerEntry;
import livemapbot.net.AddressRules;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Asks one game server, from outside, whether it and its {@code sonorancad} resource answer: three
 * {@code GET}s on the CAD entry's {@code mapIp:listenerPort} ({@code /dynamic.json},
 * {@code /info.json}, {@code /sonorancad/status}) and nothing else. Never {@code players.json}
 * (personal data), never a {@code POST} (those endpoints act and take the API key).
 *
 * <p>The address comes from the CAD, i.e. from anyone who can edit it, so: the host is resolved once
 * (through the injectable {@link Resolver}), every resolved address is checked against the
 * address rules ({@link AddressRanges}, built on {@code livemapbot.net.AddressRules}) and the connection goes to exactly the checked addresses (OkHttp gets a
 * {@link Dns} that only returns them: no second lookup, no DNS rebinding); redirects are not followed;
 * no proxy; a fixed {@code User-Agent: livemap-bot/<version>} and no {@code Via} or
 * {@code Upgrade-Insecure-Requests} (with {@code sv_requestParanoia} FXServer answers those with
 * {@code 403 Nope.} and blocks the sender); connect 3 s and 5 s for each whole call; at most
 * 256 KB of each body is read.
 *
 * <p>{@link #probe} blocks for up to three calls; run it on a worker ({@link StatusProbes} does).
 */
public final class GameServerProbe implements Prober, AutoCloseable {
    /**
     * What {@code probe.allowPrivateAddresses} opens: the networks a bot inside the game server's
     * own network needs. Link-local (cloud metadata), multicast, unspecified, documentation and
     * reserved addresses stay refused whatever the setting.
     */
    static final java.util.Set<AddressRules.Kind> OPT_IN_KINDS =
            java.util.EnumSet.of(AddressRules.Kind.LOOPBACK, AddressRules.Kind.PRIVATE, AddressRules.Kind.CGNAT);

    static final String PUSH_PATH_ANSWER = "If you're seeing this, sonorancad is loaded.";
    static final String RESOURCE = "sonorancad";

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern COLOUR_CODES = Pattern.compile("\\^\\d");
    // Compiled once: url() runs for every server of every /servers answer, on JDA's event thread.
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final Pattern HOST_CHARACTERS = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]]+");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[\\d.]+");

    /** Turns a host name into addresses; tests inject one that answers without DNS. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The system resolver (one lookup per call). */
    public static final Resolver SYSTEM_RESOLVER = host -> List.of(InetAddress.getAllByName(host));

    /**
     * Time and size limits.
     *
     * @param connect  connect timeout
     * @param call     each whole request, body included
     * @param bodyCap  the most bytes read from one body
     */
    public record Limits(Duration connect, Duration call, int bodyCap) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(3), Duration.ofSeconds(5), 256 * 1024);
    }

    private final String userAgent;
    private final boolean enabled;
    private final boolean allowPrivateAddresses;
    private final Resolver resolver;
    private final Limits limits;
    private final Clock clock;
    private final OkHttpClient http;

    private GameServerProbe(Builder b) {
        this.userAgent = "livemap-bot/" + b.version;
        this.enabled = b.enabled;
        this.allowPrivateAddresses = b.allowPrivateAddresses;
        this.resolver = b.resolver;
        this.limits = b.limits;
        this.clock = b.clock;
        this.http = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .proxy(Proxy.NO_PROXY)
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectTimeout(limits.connect())
                .readTimeout(limits.call())
                .writeTimeout(limits.call())
                .callTimeout(limits.call())
                // One connection per request: nothing pooled outlives the probe and its checked addresses.
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .dns(host -> {
                    throw new UnknownHostException("the probe resolves and checks names itself");
                })
                .build();
    }

    /** @param version the bot's version, for the {@code User-Agent} */
    public static Builder builder(String version) {
        return new Builder(version);
    }

    /** The User-Agent every request carries. */
    public String userAgent() {
        return userAgent;
    }

    /**
     * {@code host:port} the entry points at, when it names one the probe could use; empty for no or
     * an unusable address. Two entries with the same target are the same game server.
     */
    @Override
    public Optional<String> target(ServerEntry entry) {
        return url(entry).map(url -> hostForUrl(url.host()) + ":" + url.port());
    }

    /**
     * The verdict when no network is needed (probing off, no address, an unusable address, the Live
     * Map off with no address); empty when the entry must be probed.
     */
    @Override
    public Optional<ProbeResult> withoutNetwork(ServerEntry entry) {
        if (!enabled) {
            return Optional.of(ProbeResult.notProbed(entry, "", ProbeReason.PROBING_OFF, "", null, clock.instant()));
        }
        String ip = entry.mapIp().trim();
        String port = entry.listenerPort().trim();
        if (ip.isEmpty() || port.isEmpty()) {
            ProbeReason reason = !entry.enableMap() && ip.isEmpty() ? ProbeReason.MAP_DISABLED : ProbeReason.NO_ADDRESS;
            return Optional.of(ProbeResult.notProbed(entry, "", reason, "", null, clock.instant()));
        }
        if (url(entry).isEmpty()) {
            return Optional.of(ProbeResult.notProbed(entry, "", ProbeReason.INVALID_ADDRESS, "", null,
                    clock.instant()));
        }
        return Optional.empty();
    }

    /** Probes the entry's game server; blocks for up to three calls. Never throws for what the server does. */
    @Override
    public ProbeResult probe(ServerEntry entry) {
        Optional<ProbeResult> immediate = withoutNetwork(entry);
        if (immediate.isPresent()) {
            return immediate.get();
        }
        HttpUrl base = url(entry).orElseThrow();
        String host = base.host();
        String target = hostForUrl(host) + ":" + base.port();

        List<InetAddress> addresses;
        try {
            addresses = resolve(host);
        } catch (UnknownHostException e) {
            return result(entry, target, ProbeVerdict.UNREACHABLE, ProbeReason.UNKNOWN_HOST, "", null,
                    GameServerInfo.UNKNOWN, List.of());
        }
        AddressRules.Kind kind = null;
        InetAddress refusedAddress = null;
        boolean refused = false;
        for (InetAddress address : addresses) {
            Optional<AddressRules.Kind> k = AddressRanges.refusedKind(address);
            boolean thisRefused = k.isPresent() && !(allowPrivateAddresses && OPT_IN_KINDS.contains(k.get()));
            if (k.isPresent() && (kind == null || thisRefused && !refused)) {
                kind = k.get();
                refusedAddress = address;
            }
            refused |= thisRefused;
        }
        if (refused) {
            String shown = refusedAddress.getHostAddress();
            String detail = (shown.equals(host) ? shown : host + " (" + shown + ")") + " " + kind.reason();
            return ProbeResult.notProbed(entry, target, ProbeReason.ADDRESS_REFUSED, detail, kind, clock.instant());
        }
        List<InetAddress> checked = List.copyOf(addresses);
        OkHttpClient client = http.newBuilder()
                .dns(name -> {
                    if (!name.equals(host)) {
                        throw new UnknownHostException("not the checked host");
                    }
                    return checked;
                })
                .build();
        return new Run(entry, client, base, target, kind).go();
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        Optional<InetAddress> literal = AddressRules.parseLiteral(host);
        if (literal.isPresent()) {
            return List.of(literal.get()); // parsed, not looked up
        }
        List<InetAddress> addresses = resolver.resolve(host);
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }

    private static Optional<HttpUrl> url(ServerEntry entry) {
        String ip = entry.mapIp().trim();
        String port = entry.listenerPort().trim();
        if (ip.isEmpty() || !PORT.matcher(port).matches()) {
            return Optional.empty();
        }
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535 || !HOST_CHARACTERS.matcher(ip).matches()) {
            return Optional.empty();
        }
        if (DIGITS_AND_DOTS.matcher(ip).matches() && !AddressRules.isIpv4(ip)) {
            // "127.1", "2130706433": legacy IPv4 forms that HTTP clients parse differently; not a mapIp.
            return Optional.empty();
        }
        try {
            return Optional.of(new HttpUrl.Builder().scheme("http").host(ip).port(number).build());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    private ProbeResult result(ServerEntry entry, String target, ProbeVerdict verdict, ProbeReason reason,
            String detail, AddressRules.Kind kind, GameServerInfo game, List<Check> checks) {
        return new ProbeResult(entry.id(), target, verdict, reason, detail, clock.instant(), game, kind,
                entry.enableMap(), checks);
    }

    /** One answer: status and at most {@code bodyCap} bytes. */
    private record Answer(int status, byte[] body, boolean cut) {
        String text() {
            return new String(body, StandardCharsets.UTF_8).trim();
        }

        boolean blocked() {
            return status == 403 || status == 429;
        }

        ProbeReason blockReason() {
            return status == 429 ? ProbeReason.RATE_LIMITED : ProbeReason.FORBIDDEN;
        }

        String shown() {
            String text = text();
            String first = text.length() > 60 ? text.substring(0, 60) + "…" : text;
            return "HTTP " + status + (first.isEmpty() || first.indexOf('\n') >= 0 || first.startsWith("{")
                    || first.startsWith("<") ? "" : " \"" + first + "\"");
        }
    }

    /** A request that did not produce an answer. */
    private static final class Failed extends Exception {
        final ProbeReason reason;

        Failed(ProbeReason reason, IOException cause) {
            super(cause);
            this.reason = reason;
        }
    }

    /** One probe's three requests. */
    private final class Run {
        private final ServerEntry entry;
        private final OkHttpClient client;
        private final HttpUrl base;
        private final String target;
        private final AddressRules.Kind kind;
        private final List<Check> checks = new ArrayList<>();

        Run(ServerEntry entry, OkHttpClient client, HttpUrl base, String target, AddressRules.Kind kind) {
            this.entry = entry;
            this.client = client;
            this.base = base;
            this.target = target;
            this.kind = kind;
        }

        ProbeResult go() {
            Answer dynamic;
            try {
                dynamic = get("dynamic.json");
            } catch (Failed e) {
                checks.add(new Check(Check.GAME_SERVER, Check.State.FAILED, e.reason.words(), e.reason.nextStep()));
                return done(ProbeVerdict.UNREACHABLE, e.reason, "", GameServerInfo.UNKNOWN);
            }
            if (dynamic.blocked()) {
                return blocked(Check.GAME_SERVER, dynamic, GameServerInfo.UNKNOWN);
            }
            JsonNode players = dynamic.status() == 200 ? json(dynamic) : null;
            if (players == null || !players.isObject() || !(players.has("clients") || players.has("hostname"))) {
                String shown = dynamic.shown();
                checks.add(new Check(Check.GAME_SERVER, Check.State.FAILED, shown + ", not an FXServer's answer",
                        ProbeReason.NOT_AN_FXSERVER.nextStep()));
                return done(ProbeVerdict.UNREACHABLE, ProbeReason.NOT_AN_FXSERVER, shown, GameServerInfo.UNKNOWN);
            }
            String hostname = players.hasNonNull("hostname")
                    ? COLOUR_CODES.matcher(players.get("hostname").asText()).replaceAll("").strip() : null;
            GameServerInfo game = new GameServerInfo(hostname, number(players.get("clients")),
                    number(players.get("sv_maxclients")), null, null, null, PushPath.NOT_CHECKED);
            checks.add(Check.ok(Check.GAME_SERVER, "answers" + (game.playersText().isEmpty() ? "" : ", "
                    + game.playersText())));

            // info.json: is the resource started, which version, which FXServer build.
            Info info = null;
            try {
                Answer answer = get("info.json");
                if (answer.blocked()) {
                    return blocked(Check.RESOURCE, answer, game);
                }
                info = answer.status() == 200 ? Info.parse(answer.body()) : null;
                if (info == null) {
                    checks.add(new Check(Check.RESOURCE, Check.State.FAILED, answer.shown() + ", not readable",
                            "The game server's info.json did not answer as an FXServer's does."));
                }
            } catch (Failed e) {
                checks.add(new Check(Check.RESOURCE, Check.State.FAILED, e.reason.words(), e.reason.nextStep()));
            }
            if (info != null) {
                game = new GameServerInfo(game.hostname(), game.players(), game.maxPlayers(), info.server,
                        info.running, info.version, PushPath.NOT_CHECKED);
                if (Boolean.TRUE.equals(info.running)) {
                    checks.add(Check.ok(Check.RESOURCE, "started" + (info.version == null ? "" : ", version "
                            + info.version)));
                } else if (Boolean.FALSE.equals(info.running)) {
                    checks.add(new Check(Check.RESOURCE, Check.State.FAILED, "not among the started resources",
                            "Start it: add `ensure sonorancad` to server.cfg and check the server console for"
                                    + " its errors."));
                } else {
                    checks.add(new Check(Check.RESOURCE, Check.State.FAILED, "the resource list was cut short",
                            "info.json is unusually large; the push-path check below still tells."));
                }
            }

            // The push-event fallback path: what Sonoran calls when its websocket is down.
            PushPath push;
            try {
                Answer answer = get("sonorancad/status");
                if (answer.blocked()) {
                    return blocked(Check.PUSH_PATH, answer, game);
                }
                push = pushPath(answer);
                if (push == PushPath.ANSWERS) {
                    checks.add(Check.ok(Check.PUSH_PATH, "answers \"" + PUSH_PATH_ANSWER + "\""));
                } else {
                    checks.add(new Check(Check.PUSH_PATH, Check.State.FAILED, answer.shown(), pushNextStep(push)));
                }
            } catch (Failed e) {
                push = PushPath.UNEXPECTED;
                checks.add(new Check(Check.PUSH_PATH, Check.State.FAILED, e.reason.words(), e.reason.nextStep()));
            }
            Boolean running = game.resourceRunning();
            if (running == null) {
                running = push == PushPath.ANSWERS ? Boolean.TRUE : push == PushPath.NO_RESOURCE ? Boolean.FALSE : null;
            }
            game = new GameServerInfo(game.hostname(), game.players(), game.maxPlayers(), game.fxServerBuild(),
                    running, game.resourceVersion(), push);
            ProbeVerdict verdict = push == PushPath.ANSWERS ? ProbeVerdict.ONLINE
                    : Boolean.FALSE.equals(running) ? ProbeVerdict.ONLINE_RESOURCE_NOT_RUNNING
                    : ProbeVerdict.ONLINE_PUSH_PATH_NOT_ANSWERING;
            return done(verdict, null, "", game);
        }

        private ProbeResult blocked(String checkName, Answer answer, GameServerInfo game) {
            ProbeReason reason = answer.blockReason();
            checks.add(new Check(checkName, Check.State.BLOCKED, answer.shown(), reason.nextStep()));
            return done(ProbeVerdict.HTTP_INFO_BLOCKED, reason, answer.shown(), game);
        }

        private ProbeResult done(ProbeVerdict verdict, ProbeReason reason, String detail, GameServerInfo game) {
            for (String name : List.of(Check.GAME_SERVER, Check.RESOURCE, Check.PUSH_PATH)) {
                if (checks.stream().noneMatch(c -> c.name().equals(name))) {
                    checks.add(Check.notRun(name));
                }
            }
            return result(entry, target, verdict, reason, detail, kind, game, checks);
        }

        private Answer get(String path) throws Failed {
            HttpUrl url = base.newBuilder().addPathSegments(path).build();
            Request request = new Request.Builder().url(url).get().header("User-Agent", userAgent).build();
            Call call = client.newCall(request);
            try (Response response = call.execute()) {
                ResponseBody body = response.body();
                BufferedSource source = body.source();
                Buffer buffer = new Buffer();
                long total = 0;
                while (total < limits.bodyCap()) {
                    long read = source.read(buffer, limits.bodyCap() - total);
                    if (read == -1) {
                        break;
                    }
                    total += read;
                }
                boolean cut = total >= limits.bodyCap();
                if (cut) {
                    // Stop here: closing normally would read on to reuse the connection.
                    call.cancel();
                }
                return new Answer(response.code(), buffer.readByteArray(), cut);
            } catch (IOException e) {
                throw new Failed(reasonOf(e), e);
            }
        }
    }

    private static ProbeReason reasonOf(IOException e) {
        if (e instanceof UnknownHostException) {
            return ProbeReason.UNKNOWN_HOST;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return ProbeReason.TIMEOUT;
            }
        }
        if (e instanceof ConnectException) {
            return ProbeReason.REFUSED;
        }
        return e.getCause() instanceof SocketTimeoutException ? ProbeReason.TIMEOUT : ProbeReason.CONNECTION_FAILED;
    }

    private static PushPath pushPath(Answer answer) {
        String text = answer.text();
        if (answer.status() == 200 && text.startsWith(PUSH_PATH_ANSWER)) {
            return PushPath.ANSWERS;
        }
        if (answer.status() == 404 && text.startsWith("Route /sonorancad/")) {
            return PushPath.NO_RESOURCE;
        }
        if (answer.status() == 404 && text.equals("Not found.")) {
            return PushPath.NO_HANDLER;
        }
        return PushPath.UNEXPECTED;
    }

    private static String pushNextStep(PushPath push) {
        return switch (push) {
            case NO_RESOURCE -> "No resource named sonorancad is started: add `ensure sonorancad` to server.cfg.";
            case NO_HANDLER -> "sonorancad is started without its HTTP handler: update the resource and check the"
                    + " server console for its errors.";
            default -> "Something in front of the game server (a proxy, a firewall rule) answers instead;"
                    + " Sonoran's push events cannot reach the resource.";
        };
    }

    private static JsonNode json(Answer answer) {
        if (answer.cut()) {
            return null;
        }
        try {
            return MAPPER.readTree(answer.body());
        } catch (IOException e) {
            return null;
        }
    }

    /** FXServer serves numbers as numbers or as strings. */
    private static OptionalInt number(JsonNode node) {
        if (node == null || node.isNull()) {
            return OptionalInt.empty();
        }
        if (node.canConvertToInt() && node.isIntegralNumber()) {
            return OptionalInt.of(node.intValue());
        }
        String text = node.asText().trim();
        return text.matches("\\d{1,7}") ? OptionalInt.of(Integer.parseInt(text)) : OptionalInt.empty();
    }

    /** What {@code info.json} says; read as a stream so a body cut at the cap still yields what came first. */
    private static final class Info {
        String server;
        Boolean running;
        String version;

        /** Null when the body is not a JSON object at all. */
        static Info parse(byte[] body) {
            Info info = new Info();
            boolean seenAnything = false;
            try (JsonParser p = JSON.createParser(body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                seenAnything = true;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if ("server".equals(name) && value.isScalarValue()) {
                        info.server = p.getText();
                    } else if ("resources".equals(name) && value == JsonToken.START_ARRAY) {
                        boolean found = false;
                        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                            if (t == null) {
                                throw new IOException("cut");
                            }
                            if (t == JsonToken.VALUE_STRING && RESOURCE.equals(p.getText())) {
                                found = true;
                                info.running = true;
                            }
                            p.skipChildren();
                        }
                        info.running = found;
                    } else if ("vars".equals(name) && value == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String var = p.currentName();
                            JsonToken v = p.nextToken();
                            if ("SonoranCADVersion".equals(var) && v.isScalarValue() && !p.getText().isBlank()) {
                                info.version = p.getText().strip();
                            }
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException e) {
                // Cut at the cap or malformed: keep what came before.
            }
            return seenAnything ? info : null;
        }
    }

    /** Options; defaults are production's. */
    public static final class Builder {
        private final String version;
        private boolean enabled = true;
        private boolean allowPrivateAddresses;
        private Resolver resolver = SYSTEM_RESOLVER;
        private Limits limits = Limits.DEFAULT;
        private Clock clock = Clock.systemUTC();

        private Builder(String version) {
            this.version = Objects.requireNonNull(version, "version");
        }

        /** {@code probe.enabled}. */
        public Builder enabled(boolean value) {
            enabled = value;
            return this;
        }

        /** {@code probe.allowPrivateAddresses}. */
        public Builder allowPrivateAddresses(boolean value) {
            allowPrivateAddresses = value;
            return this;
        }

        public Builder resolver(Resolver value) {
            resolver = Objects.requireNonNull(value, "resolver");
            return this;
        }

        public Builder limits(Limits value) {
            limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public GameServerProbe build() {
            return new GameServerProbe(this);
        }
    }
}
