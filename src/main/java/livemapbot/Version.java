package livemapbot;

/** The version from the jar manifest ({@code Implementation-Version}), "dev" when run from classes. */
final class Version {
    private Version() {
    }

    static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
