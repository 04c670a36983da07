package dev.mqttj.client;

import dev.mqttj.testing.FreePorts;
import dev.mqttj.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS peers the test brokers cannot play: one whose certificate names another host, and one that accepts
 * TCP connections but never says a word.
 */
final class TlsPeers {

    /** The only name in the mismatched certificate; {@code .invalid} never resolves. */
    static final String OTHER_HOST = "broker.invalid";

    private static volatile SSLContext[] otherHostContexts;

    private TlsPeers() {
    }

    /**
     * A server context presenting a self-signed certificate for {@link #OTHER_HOST} only.
     *
     * @return the server side
     */
    static SSLContext otherHostServerContext() {
        return otherHostContexts()[0];
    }

    /**
     * A client context trusting exactly the {@link #OTHER_HOST} certificate, so a failed handshake with that
     * server can only be the host name's fault; it does not trust the test CA.
     *
     * @return the client side
     */
    static SSLContext otherHostClientContext() {
        return otherHostContexts()[1];
    }

    private static SSLContext[] otherHostContexts() {
        SSLContext[] result = otherHostContexts;
        if (result == null) {
            synchronized (TlsPeers.class) {
                result = otherHostContexts;
                if (result == null) {
                    result = generate();
                    otherHostContexts = result;
                }
            }
        }
        return result;
    }

    private static SSLContext[] generate() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mqttj-other-host-");
            Path store = dir.resolve("other.p12");
            String password = TestCertificates.PASSWORD;
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-genkeypair", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-alias", "other", "-dname", "CN=" + OTHER_HOST,
                    "-ext", "SAN=dns:" + OTHER_HOST, "-ext", "EKU=serverAuth", "-validity", "2",
                    "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                keytool.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, password.toCharArray());
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password.toCharArray());
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(keyManagers.getKeyManagers(), null, null);

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("other", keys.getCertificate("other"));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trust.getTrustManagers(), null);
            return new SSLContext[] {server, client};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A temporary directory left behind does no harm.
        }
    }

    /**
     * A loopback TLS server that completes handshakes with the given context and then closes each
     * connection; enough to observe what the client's handshake makes of the certificate.
     */
    static final class HandshakeServer implements AutoCloseable {
        private final SSLServerSocket socket;
        private final Thread acceptor;

        HandshakeServer(SSLContext context) throws IOException {
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getByName(FreePorts.LOOPBACK));
            acceptor = new Thread(this::acceptLoop, "tls-handshake-server-" + socket.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try (SSLSocket connection = (SSLSocket) socket.accept()) {
                    connection.setSoTimeout(5_000);
                    connection.startHandshake();
                } catch (IOException e) {
                    // The client is expected to abort the handshake; keep serving until closed.
                }
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A loopback server whose kernel accepts connections (backlog) while the test never reads or writes,
     * so every handshake stalls until the client's timeout.
     */
    static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket;

        SilentServer() throws IOException {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(FreePorts.LOOPBACK), 0), 50);
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
