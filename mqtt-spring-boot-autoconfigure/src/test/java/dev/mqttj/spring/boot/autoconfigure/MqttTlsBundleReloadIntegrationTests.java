package dev.mqttj.spring.boot.autoconfigure;

import static dev.mqttj.spring.boot.autoconfigure.TlsApplications.WAIT;
import static dev.mqttj.spring.boot.autoconfigure.TlsApplications.application;
import static dev.mqttj.spring.boot.autoconfigure.TlsApplications.assertOnlineWithRoundTrip;
import static dev.mqttj.spring.boot.autoconfigure.TlsApplications.assertRefused;
import static dev.mqttj.spring.boot.autoconfigure.TlsApplications.presentingClientCertificateOf;
import static dev.mqttj.spring.boot.autoconfigure.TlsApplications.trusting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.Service;
import dev.mqttj.spring.core.MqttConnectedEvent;
import dev.mqttj.spring.core.MqttDisconnectedEvent;
import dev.mqttj.testing.MosquittoBroker;
import dev.mqttj.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Certificate rotation without restarting the application: with {@code reload-on-update}, Spring Boot reloads
 * the bundle when its files change, and the connection is renewed with the new material. The broker's and the
 * application's files live in directories of their own, so each side is rotated separately; Mosquitto reads
 * its files when it (re)starts. Skipped where Mosquitto is not installed, except with CI=true, where it fails.
 */
class MqttTlsBundleReloadIntegrationTests {

    private static final TestCertificates OLD = TestCertificates.get();

    private static final String[] RELOADING = {"spring.ssl.bundle.pem.mqtt.reload-on-update=true",
        "spring.ssl.bundle.watch.file.quiet-period=300ms"};

    @Test
    void updatedTrustRenewsTheConnectionAndFollowsTheBrokerToANewCa(@TempDir Path directory) throws Exception {
        TestCertificates rotated = TestCertificates.named("rotated-ca", "ip:127.0.0.1,dns:localhost");
        TestCertificates brokerFiles = OLD.copyTo(Files.createDirectory(directory.resolve("broker")));
        TestCertificates applicationFiles = OLD.copyTo(Files.createDirectory(directory.resolve("application")));
        List<MqttConnectedEvent> connections = new CopyOnWriteArrayList<>();
        List<MqttDisconnectedEvent> disconnections = new CopyOnWriteArrayList<>();
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).certificates(brokerFiles).start();
                ConfigurableApplicationContext context = application(broker.tlsUrl(), trusting(applicationFiles),
                        RELOADING[0], RELOADING[1])
                        .listeners((ApplicationListener<MqttConnectedEvent>) connections::add,
                                (ApplicationListener<MqttDisconnectedEvent>) disconnections::add)
                        .run()) {
            assertOnlineWithRoundTrip(context);
            assertThat(connections).hasSize(1);

            // Trusting both CAs changes nothing the broker could notice: only the reload can end the connection.
            writeAtomically(applicationFiles.caCertificatePem(),
                    Files.readString(OLD.caCertificatePem()) + Files.readString(rotated.caCertificatePem()));
            await().atMost(WAIT).until(() -> connections.size() == 2);
            // Closed on purpose with DISCONNECT: not reported (or counted in metrics) as a lost connection.
            assertThat(disconnections).isEmpty();
            assertOnlineWithRoundTrip(context);

            // The broker moves to the new CA: only the reloaded trust lets the application back in.
            rotated.copyTo(brokerFiles.directory());
            broker.restart();
            await().atMost(WAIT).until(() -> connections.size() == 3);
            assertOnlineWithRoundTrip(context);
        }
    }

    @Test
    void mutualTlsApplicationRecoversWhenItsFilesAreRotatedAfterTheBrokers(@TempDir Path directory)
            throws Exception {
        TestCertificates rotated = TestCertificates.named("rotated-ca", "ip:127.0.0.1,dns:localhost");
        TestCertificates brokerFiles = OLD.copyTo(Files.createDirectory(directory.resolve("broker")));
        TestCertificates applicationFiles = OLD.copyTo(Files.createDirectory(directory.resolve("application")));
        String[] keyStore = presentingClientCertificateOf(applicationFiles);
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).requireClientCertificate(true)
                .certificates(brokerFiles).start();
                ConfigurableApplicationContext context = application(broker.tlsUrl(), trusting(applicationFiles),
                        keyStore[0], keyStore[1], RELOADING[0], RELOADING[1]).run()) {
            assertOnlineWithRoundTrip(context);
            Service service = context.getBean(Service.class);
            long attemptsBefore = service.status().connectionAttempts();

            rotated.copyTo(brokerFiles.directory());
            broker.restart();
            assertRefused(context, "unable to find valid certification path");
            assertThat(service.status().connectionAttempts()).isGreaterThan(attemptsBefore);

            // New trust and a new client certificate, picked up from the files without a restart.
            rotated.copyTo(applicationFiles.directory());
            assertOnlineWithRoundTrip(context);
        }
    }

    private static void writeAtomically(Path file, String content) throws Exception {
        Path temporary = Files.createTempFile(file.getParent(), ".rotate-", ".tmp");
        Files.writeString(temporary, content, StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
