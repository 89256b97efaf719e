package livemapbot.audit;

import java.io.IOException;

/** Where write attempts are recorded. */
public interface AuditTrail {

    /**
     * Records one attempt. Returns once the record is durable (appended and flushed to the audit
     * file); posting it to Discord may happen later and never fails this call.
     *
     * @throws IOException when the record could not be written to the file
     */
    void record(AuditRecord record) throws IOException;
}
