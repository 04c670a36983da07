package dev.mqttj.spring.boot.autoconfigure;

import java.util.List;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the MQTT broker is and how to log in: read from {@code mqtt.*} properties unless a bean of
 * this type exists, for example one a {@code @ServiceConnection} container provides.
 */
public interface MqttConnectionDetails extends ConnectionDetails {

    /**
     * Returns the broker URLs in the order they are tried; after a failed connection attempt the next
     * one is tried.
     *
     * @return at least one URL, such as {@code tcp://127.0.0.1:1883}
     */
    List<String> getBrokerUrls();

    /**
     * Returns the login user.
     *
     * @return the user name, or null to use the URL's (or none)
     */
    default String getUsername() {
        return null;
    }

    /**
     * Returns the login password.
     *
     * @return the password, or null to use the URL's (or none)
     */
    default String getPassword() {
        return null;
    }

    /**
     * Returns the TLS material for secure URLs.
     *
     * @return the bundle, or null for the JDK's default trust
     */
    default SslBundle getSslBundle() {
        return null;
    }
}
