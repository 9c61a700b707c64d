package dev.asyncsqlite.bench;

import java.lang.reflect.Method;

/** Starts virtual threads where the JDK has them (21+), found reflectively so this builds on 17. */
final class VirtualThreads {
    private static final Method OF_VIRTUAL = find();

    private VirtualThreads() {
    }

    private static Method find() {
        try {
            return Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    static boolean available() {
        return OF_VIRTUAL != null;
    }

    /** Runs {@code task} on a virtual thread and waits for it. */
    static void run(Runnable task) throws Exception {
        Object builder = OF_VIRTUAL.invoke(null);
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        Thread thread = (Thread) start.invoke(builder, task);
        thread.join();
    }
}
