package livemapbot.discord.setmap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.5", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::1",
            "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:192.0.2.1", "fe80::", "::",
            "localhost", "game.example.com", "my-server.example.org", "a.b", "x1.example.co.uk"})
    void acceptsAddressesAndHostNames(String value) {
        assertEquals(List.of(), validator.checkOptions(withMapIp(value)), value);
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
        SetMapRequest good = new SetMapRequest(1, null, null, null, null, null, "198.51.100.7", null, null, null, null);
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
        assertEquals(List.of(), validator.checkAgainst(on, server(false, "198.51.100.7")));
        SetMapRequest onWithIp = new SetMapRequest(1, null, null, null, null, true, "198.51.100.7", null, null, null, null);
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
