package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.Service;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Applies a reloaded SSL bundle to the MQTT connection. Spring Boot reloads a bundle whose files changed when
 * it has {@code spring.ssl.bundle.pem.<name>.reload-on-update=true} (or the {@code jks} equivalent); this
 * handler then gives the new material to the connection's {@link SslBundleDialer} and renews the connection
 * with {@link Service#renewConnection()}.
 *
 * <p>Why the connection is renewed instead of only dialing with the new material next time: Spring Boot's
 * web servers reload in place because they accept many short connections, each of which handshakes again
 * soon. An MQTT client holds one connection for days, so the new certificate would otherwise only be used
 * after the next network failure; and a bundle is rotated because the old certificate expires, was revoked
 * or was compromised, when the connection should move over now. The renewal is graceful: publishes in flight
 * are acknowledged first (up to {@code mqtt.disconnect-timeout}), DISCONNECT means the broker publishes no
 * will, QoS 1 and 2 messages stay in the session, listeners are subscribed again, and publishes made
 * meanwhile wait in the queue. If the new material cannot be loaded, the old stays in use and nothing is
 * renewed; if the broker refuses it, the connection retries with backoff and health shows the error.
 *
 * <p>Nothing is reloaded when an {@link MqttConfigCustomizer} replaced the dialer or when the TLS material
 * comes from a {@link MqttConnectionDetails} bean other than the properties.
 */
final class MqttSslBundleReloader {

    private static final Log LOGGER = LogFactory.getLog(MqttSslBundleReloader.class);

    private final String bundleName;
    private final SslBundleDialer dialer;
    private final Service service;

    /**
     * Creates the handler.
     *
     * @param bundleName the name of the bundle, {@code mqtt.ssl.bundle}
     * @param dialer the dialer of the service's config, or null when the bundle's material is not in use
     *     (the handler then does nothing)
     * @param service the service whose connection is renewed
     */
    MqttSslBundleReloader(String bundleName, SslBundleDialer dialer, Service service) {
        this.bundleName = bundleName;
        this.dialer = dialer;
        this.service = service;
    }

    /**
     * Registers for updates of the bundle.
     *
     * @param bundles the application's bundles
     */
    void register(SslBundles bundles) {
        if (this.dialer != null) {
            bundles.addBundleUpdateHandler(this.bundleName, this::bundleUpdated);
        }
    }

    /**
     * Tells whether updates of the bundle reach the connection.
     *
     * @return false when the dialer was replaced or the material comes from elsewhere
     */
    boolean isActive() {
        return this.dialer != null;
    }

    /**
     * Called by Spring Boot's file watcher thread with the reloaded bundle.
     *
     * @param bundle the bundle made from the changed files
     */
    void bundleUpdated(SslBundle bundle) {
        try {
            this.dialer.reload(bundle);
        } catch (RuntimeException e) {
            LOGGER.error("SSL bundle '" + this.bundleName + "' was reloaded but its material is unusable; the MQTT"
                    + " connection keeps the previous material: " + e, e);
            return;
        }
        if (this.service.renewConnection()) {
            LOGGER.info("SSL bundle '" + this.bundleName + "' reloaded: renewing the MQTT connection with the new"
                    + " material");
        }
    }
}
