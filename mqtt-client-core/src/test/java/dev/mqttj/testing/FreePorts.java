package dev.mqttj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks free TCP ports on the loopback interface and waits for ports to accept connections.
 *
 * <p>A picked port is free at the moment it is returned; a process started afterwards may still lose
 * the race for it, which is why the brokers check their listeners after start. Ports handed out by
 * this JVM are remembered so two brokers started in the same test never get the same port.
 */
public final class FreePorts {

    /** The loopback address every test server binds to. */
    public static final String LOOPBACK = "127.0.0.1";

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /**
     * Returns a TCP port that is free on 127.0.0.1 right now and was not returned before by this JVM.
     *
     * @return a port number between 1024 and 65535
     * @throws UncheckedIOException if no port can be bound
     */
    public static int pick() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                // No SO_REUSEADDR: the port must be genuinely free, not in TIME_WAIT from a killed broker.
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind a free port on " + LOOPBACK, e);
            }
            synchronized (HANDED_OUT) {
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        throw new IllegalStateException("no unused free port found on " + LOOPBACK + " after 50 attempts");
    }

    /**
     * Tells whether a TCP connection to 127.0.0.1:{@code port} succeeds within {@code timeout}.
     *
     * @param port the port to try
     * @param timeout the connect timeout
     * @return true if the connection was accepted (it is closed at once)
     */
    public static boolean accepts(int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), (int) Math.max(1, timeout.toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
