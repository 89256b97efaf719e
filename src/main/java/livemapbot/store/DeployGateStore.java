package livemapbot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The deploy gate in the database: "a deploy is running" and the cooldown since the last
 * successful one, per community. Both survive a restart and hold across every process sharing
 * the database, because the only way in is one conditional UPDATE that a single caller passes.
 *
 * <p>A running deploy holds a lease: a process that dies mid-deploy blocks the gate only until
 * the lease ends, then the next caller takes over. A failed deploy releases the gate without
 * starting the cooldown (nothing was deployed, so a retry is allowed at once). The messages shown
 * to members stay with the Discord layer; this class answers with values.
 */
public final class DeployGateStore {

    /** The answer of {@link #tryBegin}. */
    public sealed interface Attempt permits Ticket, Running, CoolingDown {
    }

    /** Permission to deploy now; hand it back with {@link #succeeded} or {@link #failed}. */
    public record Ticket(String community, String token, long memberId, String memberName, Instant startedAt,
            Instant leaseUntil) implements Attempt {
    }

    /** Someone is deploying (started by {@code memberName} at {@code since}). */
    public record Running(String memberName, Instant since) implements Attempt {
    }

    /** The last deploy ({@code lastMemberName} at {@code lastAt}) was too recent; next one at {@code nextAllowed}. */
    public record CoolingDown(String lastMemberName, Instant lastAt, Instant nextAllowed) implements Attempt {
    }

    private final Db db;

    DeployGateStore(Db db) {
        this.db = db;
    }

    /**
     * A ticket when nobody holds an unexpired lease and {@code cooldown} has passed since the last
     * successful deploy; else why not.
     */
    public Attempt tryBegin(String community, long memberId, String memberName, Instant now, Duration cooldown,
            Duration lease) throws StoreException {
        String token = UUID.randomUUID().toString();
        long nowMillis = now.toEpochMilli();
        Instant leaseUntil = now.plus(lease);
        return db.run("taking the deploy gate", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO deploy_gates (community) VALUES (?) ON CONFLICT (community) DO NOTHING")) {
                insert.setString(1, community);
                insert.executeUpdate();
            }
            int updated;
            try (PreparedStatement update = connection.prepareStatement("UPDATE deploy_gates SET running_token = ?,"
                    + " running_member_id = ?, running_member_name = ?, running_since = ?, lease_until = ?"
                    + " WHERE community = ? AND (running_token IS NULL OR lease_until <= ?)"
                    + " AND (last_deployed_at IS NULL OR last_deployed_at + ? <= ?)")) {
                update.setString(1, token);
                update.setLong(2, memberId);
                update.setString(3, memberName);
                update.setLong(4, nowMillis);
                update.setLong(5, leaseUntil.toEpochMilli());
                update.setString(6, community);
                update.setLong(7, nowMillis);
                update.setLong(8, cooldown.toMillis());
                update.setLong(9, nowMillis);
                updated = update.executeUpdate();
            }
            if (updated == 1) {
                return new Ticket(community, token, memberId, memberName, now, leaseUntil);
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT running_token, running_member_name,"
                    + " running_since, lease_until, last_member_name, last_deployed_at FROM deploy_gates"
                    + " WHERE community = ?")) {
                select.setString(1, community);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    if (rows.getString("running_token") != null && rows.getLong("lease_until") > nowMillis) {
                        return new Running(rows.getString("running_member_name"),
                                Instant.ofEpochMilli(rows.getLong("running_since")));
                    }
                    Instant last = Instant.ofEpochMilli(rows.getLong("last_deployed_at"));
                    return new CoolingDown(rows.getString("last_member_name"), last, last.plus(cooldown));
                }
            }
        });
    }

    /**
     * Why {@link #tryBegin} would refuse at {@code now}, without taking anything (for a preview that
     * says whether its change will deploy): a {@link Running} or {@link CoolingDown}; empty when a
     * deploy would be admitted.
     */
    public java.util.Optional<Attempt> refusal(String community, Instant now, Duration cooldown)
            throws StoreException {
        long nowMillis = now.toEpochMilli();
        return db.run("reading the deploy gate", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT running_token, running_member_name,"
                    + " running_since, lease_until, last_member_name, last_deployed_at FROM deploy_gates"
                    + " WHERE community = ?")) {
                select.setString(1, community);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return java.util.Optional.<Attempt>empty();
                    }
                    if (rows.getString("running_token") != null && rows.getLong("lease_until") > nowMillis) {
                        return java.util.Optional.<Attempt>of(new Running(rows.getString("running_member_name"),
                                Instant.ofEpochMilli(rows.getLong("running_since"))));
                    }
                    long last = rows.getLong("last_deployed_at");
                    if (!rows.wasNull() && last + cooldown.toMillis() > nowMillis) {
                        Instant lastAt = Instant.ofEpochMilli(last);
                        return java.util.Optional.<Attempt>of(new CoolingDown(rows.getString("last_member_name"),
                                lastAt, lastAt.plus(cooldown)));
                    }
                    return java.util.Optional.<Attempt>empty();
                }
            }
        });
    }

    /**
     * The deploy went through: release the gate and start the cooldown at {@code now}. False when
     * the ticket no longer holds the gate (its lease ran out and someone else took it over).
     */
    public boolean succeeded(Ticket ticket, Instant now) throws StoreException {
        return db.run("releasing the deploy gate", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE deploy_gates SET running_token = NULL,"
                    + " running_member_id = NULL, running_member_name = NULL, running_since = NULL, lease_until = NULL,"
                    + " last_member_name = ?, last_deployed_at = ? WHERE community = ? AND running_token = ?")) {
                update.setString(1, ticket.memberName());
                update.setLong(2, now.toEpochMilli());
                update.setString(3, ticket.community());
                update.setString(4, ticket.token());
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Nothing was deployed: release the gate without a cooldown. Safe to call twice (false the second time). */
    public boolean failed(Ticket ticket) throws StoreException {
        return db.run("releasing the deploy gate", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE deploy_gates SET running_token = NULL,"
                    + " running_member_id = NULL, running_member_name = NULL, running_since = NULL, lease_until = NULL"
                    + " WHERE community = ? AND running_token = ?")) {
                update.setString(1, ticket.community());
                update.setString(2, ticket.token());
                return update.executeUpdate() == 1;
            }
        });
    }
}
