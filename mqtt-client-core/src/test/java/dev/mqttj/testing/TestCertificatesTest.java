package dev.mqttj.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class TestCertificatesTest {

    private final TestCertificates certificates = TestCertificates.get();

    @Test
    void isGeneratedOncePerJvm() {
        assertThat(TestCertificates.get()).isSameAs(certificates);
    }

    @Test
    void caSignsServerAndClientCertificates() throws Exception {
        X509Certificate ca = certificates.caCertificate();
        assertThat(ca.getBasicConstraints()).as("CA basic constraint").isGreaterThanOrEqualTo(0);
        List<X509Certificate> server = readCertificates(certificates.serverCertificatePem());
        List<X509Certificate> client = readCertificates(certificates.clientCertificatePem());
        assertThat(server).hasSize(2);
        assertThat(client).hasSize(2);
        server.get(0).verify(ca.getPublicKey());
        client.get(0).verify(ca.getPublicKey());
        assertThat(server.get(1)).isEqualTo(ca);
        assertThat(readCertificates(certificates.caCertificatePem())).containsExactly(ca);
        assertThat(server.get(0).getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(client.get(0).getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
        Collection<List<?>> names = server.get(0).getSubjectAlternativeNames();
        assertThat(names).extracting(name -> (Object) name.get(1)).contains("127.0.0.1", "localhost");
    }

    @Test
    void namedSetsHaveTheirOwnCaAndServerNames() throws Exception {
        TestCertificates other = TestCertificates.named("other-host", "dns:broker.invalid");
        assertThat(TestCertificates.named("other-host", "dns:broker.invalid")).isSameAs(other);
        assertThat(other.caCertificate()).isNotEqualTo(certificates.caCertificate());
        assertThat(other.caCertificate().getSubjectX500Principal())
                .isNotEqualTo(certificates.caCertificate().getSubjectX500Principal());
        X509Certificate server = readCertificates(other.serverCertificatePem()).get(0);
        server.verify(other.caCertificate().getPublicKey());
        assertThat(server.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
                .containsExactly("broker.invalid");
        assertKeyMatches(other.serverKeyPem(), other.serverCertificatePem());
        assertThatThrownBy(() -> TestCertificates.named("Bad Name", "dns:x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copiesReplaceTheFilesOfAnEarlierCopy(@org.junit.jupiter.api.io.TempDir Path directory) {
        TestCertificates first = certificates.copyTo(directory);
        assertThat(first.caCertificate()).isEqualTo(certificates.caCertificate());
        TestCertificates other = TestCertificates.named("other-host", "dns:broker.invalid");
        TestCertificates second = other.copyTo(directory);
        assertThat(second).isEqualTo(first);
        assertThat(second.caCertificate()).isEqualTo(other.caCertificate());
        assertThat(second.serverKeyPem()).hasSameTextualContentAs(other.serverKeyPem());
    }

    @Test
    void pemKeysArePkcs8AndMatchTheirCertificates() throws Exception {
        assertKeyMatches(certificates.serverKeyPem(), certificates.serverCertificatePem());
        assertKeyMatches(certificates.clientKeyPem(), certificates.clientCertificatePem());
    }

    @Test
    void filesAreReadableByOtherUsers() throws Exception {
        for (Path file : List.of(certificates.caCertificatePem(), certificates.serverCertificatePem(),
                certificates.serverKeyPem())) {
            assertThat(Files.getPosixFilePermissions(file)).contains(
                    java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        }
    }

    @Test
    void javaTlsHandshakeSucceedsWithTheTestContexts() throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) certificates.serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName(FreePorts.LOOPBACK))) {
            server.setNeedClientAuth(true);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.setSoTimeout(5_000);
                    InputStream in = accepted.getInputStream();
                    int b = in.read();
                    accepted.getOutputStream().write(b + 1);
                    accepted.getOutputStream().flush();
                    return accepted.getSession().getPeerPrincipal().getName();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = RawMqttClient.handshake(server.getLocalPort(),
                    certificates.mutualTlsClientContext())) {
                OutputStream out = socket.getOutputStream();
                out.write(41);
                out.flush();
                assertThat(socket.getInputStream().read()).isEqualTo(42);
                assertThat(socket.getSession().getPeerPrincipal().getName()).isEqualTo("CN=127.0.0.1");
            }
            assertThat(peer.get(5, TimeUnit.SECONDS)).isEqualTo("CN=mqttj test client");
        }
    }

    @Test
    void defaultJdkTrustRejectsTheTestServer() throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) certificates.serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName(FreePorts.LOOPBACK))) {
            CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.startHandshake();
                } catch (Exception e) {
                    // The client aborts the handshake: expected.
                }
            });
            assertThatThrownBy(() -> RawMqttClient.handshake(server.getLocalPort(),
                    javax.net.ssl.SSLContext.getDefault()).close()).isInstanceOf(SSLException.class);
        }
    }

    private static void assertKeyMatches(Path keyPem, Path certificatePem) throws Exception {
        String pem = Files.readString(keyPem, StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        X509Certificate certificate = readCertificates(certificatePem).get(0);
        byte[] data = "proof".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signature)).as("key in %s matches %s", keyPem, certificatePem).isTrue();
    }

    private static List<X509Certificate> readCertificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> result = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .forEach(certificate -> result.add((X509Certificate) certificate));
            return result;
        }
    }
}
