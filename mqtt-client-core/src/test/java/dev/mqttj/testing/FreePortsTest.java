package dev.mqttj.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void pickedPortsAreDistinctAndBindable() throws Exception {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int port = FreePorts.pick();
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(FreePorts.LOOPBACK), port));
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void acceptsTellsListeningFromClosedPorts() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(FreePorts.LOOPBACK))) {
            port = socket.getLocalPort();
            assertThat(FreePorts.accepts(port, Duration.ofSeconds(1))).isTrue();
        }
        assertThat(FreePorts.accepts(port, Duration.ofSeconds(1))).isFalse();
    }
}
