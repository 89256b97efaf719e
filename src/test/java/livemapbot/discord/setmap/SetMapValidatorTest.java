package livemapbot.discord.setmap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetMapValidatorTest {
    private final SetMapValidator validator = new SetMapValidator();

    static SetMapRequest request() {
        return new SetMapRequest(1, null, null, null, null, null, null, null, null, null, null);
    }

    static SetMapRequest withMapIp(String ip) {
        return new SetMapRequest(1, null, null, ip, null, null, null, null, null, null, null);
    }

    static ServerEntry server(boolean differingOutbound, String outboundIp) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", 1);
        node.put("name", "Main");
        node.put("differingOutbound", differingOutbound);
        node.put("outboundIp", outboundIp);
        return ServerEntry.fromJson(node);
    }

    // Changed for issue 8: documentation, loopback, unspecified, link-local and broadcast addresses and
    // localhost used to be accepted here; Sonoran cannot reach them, so they are now refused (below).
    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111",
            "2606:4700:0000:0000:0000:0000:0000:1111", "::ffff:8.8.8.8",
            "game.example.com", "my-server.example.org", "a.b", "x1.example.co.uk"})
    void acceptsAddressesAndHostNames(String value) {
        assertEquals(List.of(), validator.checkOptions(withMapIp(value)), value);
    }

    /** Issue 8: refuse map IPs that Sonoran cannot reach, with a sentence saying why. */
    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, loopback", "::1, loopback", "localhost, loopback", "::ffff:127.0.0.1, loopback",
            "0.0.0.0, unspecified", "::, unspecified",
            "10.0.0.5, private", "172.16.4.4, private", "192.168.1.20, private", "fd00::5, private",
            "::ffff:192.168.1.20, private",
            "169.254.1.1, link-local", "fe80::1, link-local",
            "100.64.0.9, carrier-grade NAT",
            "192.0.2.1, documentation", "198.51.100.7, documentation", "203.0.113.5, documentation",
            "2001:db8::1, documentation",
            "255.255.255.255, reserved", "224.0.0.1, multicast"})
    void refusesAddressesSonoranCannotReachSayingWhy(String value, String why) {
        for (SetMapRequest request : List.of(withMapIp(value),
                new SetMapRequest(1, null, null, null, null, null, value, null, null, null, null))) {
            List<String> problems = validator.checkOptions(request);
            assertEquals(1, problems.size(), value + " → " + problems);
            assertTrue(problems.get(0).matches("`(map|outbound)-ip`: `" + java.util.regex.Pattern.quote(value)
                    + "` is .*" + why + ".*public IP address or host name\\."), problems.get(0));
        }
    }

    /** Issue 8: map URLs with credentials are refused, and the password is never echoed. */
    @ParameterizedTest
    @ValueSource(strings = {"https://admin:hunter2@map.example.com/", "http://admin@map.example.com",
            "https://:hunter2@map.example.com"})
    void refusesCredentialsInMapUrls(String url) {
        String problem = SetMapValidator.urlProblem(url).orElseThrow(() -> new AssertionError(url));
        assertTrue(problem.contains("user name or password"), problem);
        assertFalse(problem.contains("hunter2") || problem.contains("admin"), problem);
    }

    /** Issue 8: a map URL has at most 2,048 characters. */
    @Test
    void mapUrlsAreCappedAt2048Characters() {
        String base = "https://map.example.com/";
        String max = base + "a".repeat(SetMapValidator.URL_MAX - base.length());
        assertTrue(SetMapValidator.urlProblem(max).isEmpty());
        String problem = SetMapValidator.urlProblem(max + "a").orElseThrow();
        assertTrue(problem.contains("2048") && problem.contains("2049"), problem);
    }

    /** Issue 8: a name made only of zero-width or other invisible characters is blank. */
    @ParameterizedTest
    @ValueSource(strings = {"\u200B\u200B\u200B", "\u200D", "\uFEFF", "\u2800\u3164", "\u00A0\u2007", " \u200B "})
    void aNameOfInvisibleCharactersIsBlank(String name) {
        List<String> problems = validator.checkOptions(named(name));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("`name`: must not be blank"), problems.get(0));
    }

    /** Issue 8: single-line fields refuse line breaks; the multi-line description keeps them. */
    @ParameterizedTest
    @ValueSource(strings = {"Main\nServer", "Main\r\nServer", "Main\u2028Server", "Main\u0085Server"})
    void aNameIsOneLine(String name) {
        List<String> problems = validator.checkOptions(named(name));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("single line"), problems.get(0));
        assertEquals(List.of(), validator.checkOptions(described("line one\nline two")));
    }

    /** Issue 8: every problem is still listed at once, the new rules included. */
    @Test
    void newRulesAreListedTogetherWithTheOthers() {
        SetMapRequest all = new SetMapRequest(1, null, null, "10.0.0.1", null, null, "localhost",
                "https://u:p@map.example.com", "\u200B", null, null);
        List<String> problems = validator.checkOptions(all);
        assertEquals(4, problems.size(), problems.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://203.0.113.5", "https://game.example.com", "203.0.113.5:30120",
            "game.example.com:30120", "203.0.113.5/map", "game example.com", "256.1.1.1", "1.2.3", "1.2.3.4.5",
            "01.2.3.4", "2001:db8::1::2", "2001:db8:1:2:3:4:5:6:7", "[::1]", "12345::1", "-game.example.com",
            "game-.example.com", "game..example.com", "game_server.example.com", "example.com.", "ünïcode.de", ""})
    void rejectsWhatIsNotABareAddress(String value) {
        List<String> problems = validator.checkOptions(withMapIp(value));
        assertEquals(1, problems.size(), value + " → " + problems);
        assertTrue(problems.get(0).startsWith("`map-ip`"), problems.get(0));
    }

    @Test
    void namesTheMistakeInAnAddress() {
        assertTrue(SetMapValidator.hostProblem("http://1.2.3.4").orElseThrow().contains("http://"));
        assertTrue(SetMapValidator.hostProblem("1.2.3.4:30120").orElseThrow().contains("port"));
        assertTrue(SetMapValidator.hostProblem("1.2.3.4/x").orElseThrow().contains("path"));
        assertTrue(SetMapValidator.hostProblem("a b").orElseThrow().contains("spaces"));
        assertTrue(SetMapValidator.hostProblem("-a.com").orElseThrow().contains("hyphen"));
    }

    @Test
    void hostNameLengthLimits() {
        String label63 = "a".repeat(63);
        assertTrue(SetMapValidator.hostProblem(label63 + ".com").isEmpty());
        assertTrue(SetMapValidator.hostProblem("a".repeat(64) + ".com").isPresent());
        String host253 = String.join(".", label63, label63, label63, "a".repeat(61));
        assertEquals(253, host253.length());
        assertTrue(SetMapValidator.hostProblem(host253).isEmpty());
        assertTrue(SetMapValidator.hostProblem(host253 + "a").isPresent());
    }

    @Test
    void outboundIpIsCheckedLikeMapIp() {
        SetMapRequest bad = new SetMapRequest(1, null, null, null, null, null, "https://1.2.3.4", null, null, null, null);
        List<String> problems = validator.checkOptions(bad);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("`outbound-ip`"));
        SetMapRequest good = new SetMapRequest(1, null, null, null, null, null, "8.8.4.4", null, null, null, null);
        assertEquals(List.of(), validator.checkOptions(good));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://map.example.com", "https://map.example.com/live?x=1", "HTTPS://1.2.3.4:8080/",
            "http://[::1]:8080/"})
    void acceptsHttpUrls(String url) {
        assertTrue(SetMapValidator.urlProblem(url).isEmpty(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"map.example.com", "ftp://map.example.com", "https://", "https:///path",
            "https://map example.com", "/relative/path", "javascript:alert(1)", "https://bad_host.example.com/"})
    void rejectsOtherUrls(String url) {
        SetMapRequest r = new SetMapRequest(1, null, null, null, null, null, null, url, null, null, null);
        List<String> problems = validator.checkOptions(r);
        assertEquals(1, problems.size(), url + " → " + problems);
        assertTrue(problems.get(0).startsWith("`map-url`"));
    }

    @Test
    void nameMustBeOneToHundredNonBlankCharacters() {
        assertEquals(List.of(), validator.checkOptions(named("M")));
        assertEquals(List.of(), validator.checkOptions(named("n".repeat(100))));
        assertEquals(1, validator.checkOptions(named("n".repeat(101))).size());
        assertTrue(validator.checkOptions(named("   ")).get(0).contains("blank"));
        assertTrue(validator.checkOptions(named("")).get(0).contains("blank"));
    }

    @Test
    void descriptionAtMostThousandCharacters() {
        assertEquals(List.of(), validator.checkOptions(described("d".repeat(1000))));
        List<String> problems = validator.checkOptions(described("d".repeat(1001)));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("1001"));
    }

    @Test
    void listenerPortRangeIsRecheckedServerSide() {
        assertEquals(List.of(), validator.checkOptions(port(1)));
        assertEquals(List.of(), validator.checkOptions(port(65535)));
        assertEquals(1, validator.checkOptions(port(0)).size());
        assertEquals(1, validator.checkOptions(port(65536)).size());
        assertEquals(1, validator.checkOptions(port(-5)).size());
    }

    @Test
    void mapTypeMustBeOneOfTheChoices() {
        for (String type : ServerEntry.MAP_TYPES) {
            assertEquals(List.of(), validator.checkOptions(typed(type)), type);
        }
        assertEquals(1, validator.checkOptions(typed("SATELLITE")).size());
        assertEquals(1, validator.checkOptions(typed("normal")).size());
    }

    @Test
    void atLeastOneSettingIsRequiredAndDeployAloneIsNotOne() {
        assertEquals(List.of(SetMapValidator.NO_CHANGE), validator.checkOptions(request()));
        SetMapRequest deployOnly = new SetMapRequest(1, null, null, null, null, null, null, null, null, null, true);
        assertEquals(List.of(SetMapValidator.NO_CHANGE), validator.checkOptions(deployOnly));
    }

    @Test
    void serverIdMustFitAnInt() {
        SetMapRequest r = new SetMapRequest(1L << 40, true, null, null, null, null, null, null, null, null, null);
        assertEquals(1, validator.checkOptions(r).size());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        SetMapRequest r = new SetMapRequest(1, null, "SATELLITE", "http://1.2.3.4", 70000L, null, "1.2.3.4:5",
                "map.example.com", " ", "d".repeat(1001), null);
        List<String> problems = validator.checkOptions(r);
        assertEquals(7, problems.size(), problems.toString());
        for (String option : List.of("map-type", "map-ip", "listener-port", "outbound-ip", "map-url", "name", "description")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("`" + option + "`")), option);
        }
    }

    @Test
    void differingOutboundNeedsAnOutboundIpGivenOrAlreadySet() {
        SetMapRequest on = new SetMapRequest(1, null, null, null, null, true, null, null, null, null, null);
        assertEquals(1, validator.checkAgainst(on, server(false, "")).size());
        assertEquals(List.of(), validator.checkAgainst(on, server(false, "8.8.4.4")));
        SetMapRequest onWithIp = new SetMapRequest(1, null, null, null, null, true, "8.8.4.4", null, null, null, null);
        assertEquals(List.of(), validator.checkAgainst(onWithIp, server(false, "")));
        // Option absent: the server's current flag counts.
        SetMapRequest other = named("New");
        assertEquals(1, validator.checkAgainst(other, server(true, "")).size());
        assertEquals(List.of(), validator.checkAgainst(other, server(false, "")));
        SetMapRequest off = new SetMapRequest(1, null, null, null, null, false, null, null, null, null, null);
        assertEquals(List.of(), validator.checkAgainst(off, server(true, "")));
    }

    @Test
    void requestBecomesChangesOfTheRightTypes() {
        SetMapRequest r = new SetMapRequest(3, true, "POSTAL", " 1.2.3.4 ", 30120L, false, "5.6.7.8",
                "https://m.example.com", "Main", " kept as typed ", null);
        MapChanges changes = r.toChanges();
        assertEquals(true, changes.get(ServerField.ENABLE_MAP));
        assertEquals("POSTAL", changes.get(ServerField.MAP_TYPE));
        assertEquals("1.2.3.4", changes.get(ServerField.MAP_IP));
        assertEquals(30120, changes.get(ServerField.LISTENER_PORT));
        assertEquals(false, changes.get(ServerField.DIFFERING_OUTBOUND));
        assertEquals(" kept as typed ", changes.get(ServerField.DESCRIPTION));
        assertEquals(9, changes.asMap().size());
        assertFalse(named("x").toChanges().has(ServerField.MAP_IP));
    }

    private static SetMapRequest named(String name) {
        return new SetMapRequest(1, null, null, null, null, null, null, null, name, null, null);
    }

    private static SetMapRequest described(String description) {
        return new SetMapRequest(1, null, null, null, null, null, null, null, null, description, null);
    }

    private static SetMapRequest port(long port) {
        return new SetMapRequest(1, null, null, null, port, null, null, null, null, null, null);
    }

    private static SetMapRequest typed(String type) {
        return new SetMapRequest(1, null, type, null, null, null, null, null, null, null, null);
    }
}
