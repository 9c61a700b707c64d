package dev.asyncsqlite.nativeengine;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import java.util.concurrent.CompletionException;

/** The child of {@link NativeLoadingTest}: opens a native connection and prints what happened. */
public final class LoadProbe {
    private LoadProbe() {
    }

    public static void main(String[] args) {
        ConnectOptions.Builder options = ConnectOptions.builder(":memory:").engine("native");
        if (args.length > 0) {
            options.nativeLibrary(args[0]);
        }
        try {
            AsyncSqlite.connect(options.build()).join().close();
            System.out.println("OPENED");
        } catch (CompletionException e) {
            System.out.println("FAILED " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        }
    }
}
