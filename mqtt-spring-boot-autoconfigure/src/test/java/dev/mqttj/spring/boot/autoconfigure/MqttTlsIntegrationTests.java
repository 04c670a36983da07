package dev.mqttj.spring.boot.autoconfigure;

import static dev.mqttj.spring.boot.autoconfigure.TlsApplications.assertOnlineWithRoundTrip;
import static dev.mqttj.spring.boot.autoconfigure.TlsApplications.assertRefused;
import static dev.mqttj.spring.boot.autoconfigure.TlsApplications.presentingClientCertificateOf;
import static dev.mqttj.spring.boot.autoconfigure.TlsApplications.start;
import static dev.mqttj.spring.boot.autoconfigure.TlsApplications.trusting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.testing.MosquittoBroker;
import dev.mqttj.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * TLS through a Spring {@code SslBundle} against Mosquitto TLS listeners with test-generated CAs: the broker's
 * certificate is verified against the bundle's trust, its names against the URL's host, and the bundle's key
 * store is the client certificate of mutual TLS. A refusal leaves the application running and DOWN with the
 * reason in the health details. Skipped where Mosquitto is not installed, except with CI=true, where it fails.
 */
class MqttTlsIntegrationTests {

    private static final TestCertificates DEFAULT_CA = TestCertificates.get();

    @Test
    void brokerSignedByTheBundlesCaServesTheTemplateAndTheListeners() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).start();
                ConfigurableApplicationContext context = start("mqtts://127.0.0.1:" + broker.tlsPort(),
                        trusting(DEFAULT_CA))) {
            assertOnlineWithRoundTrip(context);
        }
    }

    @Test
    void brokerSignedByAnotherCaIsRefusedWithTheCertificateErrorInHealth() {
        TestCertificates otherCa = TestCertificates.named("other-ca", "ip:127.0.0.1,dns:localhost");
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).start();
                ConfigurableApplicationContext context = start(broker.tlsUrl(), trusting(otherCa))) {
            String error = assertRefused(context, "unable to find valid certification path");
            assertThat(error).contains("TLS handshake with ssl://127.0.0.1:" + broker.tlsPort() + " failed");
        }
    }

    @Test
    void certificateForAnotherHostIsRefusedByDefault() throws Exception {
        TestCertificates localhostOnly = TestCertificates.named("localhost-only", "dns:localhost");
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).certificates(localhostOnly).start()) {
            try (ConfigurableApplicationContext context = start("mqtts://127.0.0.1:" + broker.tlsPort(),
                    trusting(localhostOnly))) {
                assertRefused(context, "No subject alternative names matching IP address 127.0.0.1 found");
            }
            // The same trust and broker by the name the certificate holds: only the host name was wrong.
            try (ConfigurableApplicationContext context = start("mqtts://localhost:" + broker.tlsPort(),
                    trusting(localhostOnly))) {
                assertOnlineWithRoundTrip(context);
            }
        }
    }

    /** Unsafe outside tests: any certificate from a trusted CA would pass for the broker. */
    @Test
    void hostnameVerificationOffAcceptsACertificateForAnotherHost() throws Exception {
        TestCertificates localhostOnly = TestCertificates.named("localhost-only", "dns:localhost");
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).certificates(localhostOnly).start();
                ConfigurableApplicationContext context = start("mqtts://127.0.0.1:" + broker.tlsPort(),
                        trusting(localhostOnly), "mqtt.ssl.verify-hostname=false")) {
            assertOnlineWithRoundTrip(context);
        }
    }

    @Test
    void mutualTlsPresentsTheBundlesClientCertificate() throws Exception {
        String[] keyStore = presentingClientCertificateOf(DEFAULT_CA);
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).requireClientCertificate(true).start();
                ConfigurableApplicationContext context = start(broker.tlsUrl(), trusting(DEFAULT_CA), keyStore[0],
                        keyStore[1])) {
            assertOnlineWithRoundTrip(context);
        }
    }

    @Test
    void mutualTlsWithoutAClientCertificateIsRefused() {
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).requireClientCertificate(true).start();
                ConfigurableApplicationContext context = start(broker.tlsUrl(), trusting(DEFAULT_CA))) {
            assertRefused(context, "certificate_required");
        }
    }
}
