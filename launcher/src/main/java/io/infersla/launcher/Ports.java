package io.infersla.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** TCP ports on the loopback interface: finding a free one, checking one is free or answering. */
final class Ports {

    static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** Ports handed out by {@link #free()} in this JVM: the kernel may offer the same one twice. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port that was free a moment ago and that this JVM has not handed out before (several are
     * chosen before any child binds one). Another process could still take it before the child
     * binds it; the child then fails to start and says so, which is acceptable for a local stack.
     */
    static int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on " + LOOPBACK + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("no free port on " + LOOPBACK + " after 100 attempts");
    }

    /** Keeps {@link #free()} from handing out a port that is spoken for (kept in the data directory). */
    static void claim(int port) {
        HANDED_OUT.add(port);
    }

    /** {@code requested}, or a free port when it is 0. */
    static int resolve(int requested) {
        return requested == 0 ? free() : requested;
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @throws IllegalStateException naming what needed the port and how to choose another */
    static void requireFree(int port, String what, String option) {
        if (!isFree(port)) {
            throw new IllegalStateException(what + ": port " + port + " on " + LOOPBACK + " is in use"
                    + (option == null ? "" : "; choose another with " + option + " (0: any free port)"));
        }
    }

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
