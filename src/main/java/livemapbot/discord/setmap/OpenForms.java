package livemapbot.discord.setmap;

import livemapbot.cad.ServerEntry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Edit forms that are open: the server exactly as each form was pre-filled, by a short random key
 * that travels in the modal's component id. That is the "what the member saw" a submit is compared
 * with (only fields whose value differs count) and that Confirm merges against. Bounded like
 * {@link PreviewStore}: expired forms are purged on every {@link #put}, and at capacity the ones
 * closest to expiry make room. In memory only: after a restart a submit reads as expired.
 */
final class OpenForms {
    static final int CAPACITY = 1000;

    /** One open form: who opened it, on what, until when. */
    record Form(long memberId, ServerEntry seen, Instant expiresAt) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Form> forms = new ConcurrentHashMap<>();

    OpenForms(Clock clock) {
        this.clock = clock;
    }

    synchronized String put(Form form) {
        Instant now = clock.instant();
        forms.values().removeIf(f -> !now.isBefore(f.expiresAt()));
        while (forms.size() >= CAPACITY) {
            forms.entrySet().stream().min(Comparator.comparing((Map.Entry<String, Form> e) -> e.getValue().expiresAt()))
                    .ifPresent(e -> forms.remove(e.getKey()));
        }
        String key;
        do {
            key = PreviewStore.newKey(random);
        } while (forms.putIfAbsent(key, form) != null);
        return key;
    }

    /** The form under {@code key} while it has not expired. */
    Optional<Form> get(String key) {
        Form form = forms.get(key);
        return form == null || !clock.instant().isBefore(form.expiresAt()) ? Optional.empty() : Optional.of(form);
    }
}
