package livemapbot.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The store-latency label: the operation without ids, so no revision or server id becomes a label. */
class DbOperationTest {
    @Test
    void wordsUpToTheFirstIdWithoutArticles() {
        assertEquals("reading_revision", Db.operation("reading revision 12"));
        assertEquals("reading_revision", Db.operation("reading revision 987654321"));
        assertEquals("storing_preview", Db.operation("storing a preview"));
        assertEquals("taking_deploy_gate", Db.operation("taking the deploy gate"));
        assertEquals("other", Db.operation("42"));
    }
}
