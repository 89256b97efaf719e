package livemapbot.status;

import java.net.InetAddress;
import java.util.Optional;

/** Says whether an address is one the probe must not contact; empty = a public address. */
@FunctionalInterface
public interface AddressClassifier {
    Optional<AddressKind> classify(InetAddress address);
}
