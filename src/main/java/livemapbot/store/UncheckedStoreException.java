package livemapbot.store;

/**
 * A {@link StoreException} through an interface that cannot declare it (e.g.
 * {@code livemapbot.history.KnownListStore}); its message is the store's, masked like it.
 */
public final class UncheckedStoreException extends RuntimeException {
    public UncheckedStoreException(StoreException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized StoreException getCause() {
        return (StoreException) super.getCause();
    }

    public StoreException.Kind kind() {
        return getCause().kind();
    }
}
