package livemapbot.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A key typed into one guild's set-up form must not change what every other guild reads: only a
 * credential known to be real is masked process-wide; any secret still prints as ****.
 */
class SecretTest {

    @Test
    void aCandidateTypedIntoAFormIsHiddenButMasksNothingElse() {
        Secret typed = Secret.candidate("Dispatch");
        assertEquals("****", typed.toString());
        assertEquals("Dispatch did not answer", SecretMasker.mask("Dispatch did not answer"));
    }

    @Test
    void aCredentialInUseIsMaskedWherever() {
        Secret.of("real-key-4711-abcdef");
        assertEquals("sent **** to Sonoran", SecretMasker.mask("sent real-key-4711-abcdef to Sonoran"));
    }
}
