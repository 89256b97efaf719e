package livemapbot.cad;

import livemapbot.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Issue 10: a rollback writes a whole list, only if the CAD still holds the list its preview showed. */
class ServerDirectoryReplaceAllTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final InMemoryCadClient cad = new InMemoryCadClient(InMemoryCadClient.demoServers());
    private final ServerDirectory directory =
            new ServerDirectory(cad, Duration.ZERO, ServerDirectoryTest.unpaced(), clock);

    @Test
    void writesTheWholeListWhenTheCadStillHoldsThePreviewedList() throws Exception {
        List<ServerEntry> basedOn = cad.current();
        List<ServerEntry> wanted = new ArrayList<>(basedOn);
        wanted.remove(wanted.size() - 1);
        ServerList written = directory.replaceAll(basedOn, wanted, false);
        assertEquals(wanted, written.servers());
        assertEquals(wanted, cad.current());
    }

    @Test
    void aListChangedSincePreviewIsAConflictAndNothingIsWritten() {
        List<ServerEntry> basedOn = cad.current();
        cad.change(basedOn.get(0).id(), json -> json.put("name", "changed meanwhile"));
        List<ServerEntry> wanted = List.of(basedOn.get(0));
        assertThrows(ConflictException.class, () -> directory.replaceAll(basedOn, wanted, false));
        assertEquals(0, cad.writes().size());
    }

    @Test
    void theWriteWatcherHearsOfEveryWriteOfTheBotsWithTheWrittenList() throws Exception {
        List<String> heard = new ArrayList<>();
        directory.watchWrites(() -> {
            heard.add("begin");
            return new ServerDirectory.WriteWatcher.Write() {
                @Override
                public void written(ServerList list) {
                    heard.add("written " + list.servers().size());
                }

                @Override
                public void close() {
                    heard.add("close");
                }
            };
        });
        directory.deploy();
        int size = cad.current().size();
        cad.failNextWrite(new CadException(CadException.Kind.UNEXPECTED_RESPONSE, "no", "refused"));
        assertThrows(CadException.class, directory::deploy);
        assertEquals(List.of("begin", "written " + size, "close", "begin", "close"), heard);
    }
}
