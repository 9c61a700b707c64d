package dev.asyncsqlite;

import java.util.concurrent.CompletableFuture;

/**
 * The handle given to the body of {@link Connection#transaction}: statements run through it are
 * part of the transaction, and only they run on the connection until it ends.
 *
 * <p>The handle is valid until the body's stage completes; afterwards its methods fail with
 * {@link IllegalStateException}.
 */
public interface Transaction extends SqlOperations {

    /**
     * Creates a cursor whose statements run inside this transaction.
     *
     * @return a future of a new cursor
     */
    CompletableFuture<Cursor> cursor();
}
