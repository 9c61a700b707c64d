/**
 * The native engine of asyncsqlite: the system SQLite library through the Foreign Function &amp;
 * Memory API. Chosen with {@code ConnectOptions.Builder.engine("native")}. Needs native access:
 * run with {@code --enable-native-access=dev.asyncsqlite.nativeengine} (or {@code ALL-UNNAMED} on
 * the class path).
 */
module dev.asyncsqlite.nativeengine {
    requires dev.asyncsqlite;

    provides dev.asyncsqlite.internal.engine.Engine with dev.asyncsqlite.nativeengine.NativeEngine;
}
