package dev.mqttj.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * {@link MqttConnectionDetails} read from {@link MqttProperties}.
 */
final class PropertiesMqttConnectionDetails implements MqttConnectionDetails {

    private final MqttProperties properties;
    private final SslBundles sslBundles;

    PropertiesMqttConnectionDetails(MqttProperties properties, SslBundles sslBundles) {
        this.properties = properties;
        this.sslBundles = sslBundles;
    }

    @Override
    public List<String> getBrokerUrls() {
        List<String> urls = new ArrayList<>(1 + this.properties.getFailoverUrls().size());
        urls.add(this.properties.getBrokerUrl());
        urls.addAll(this.properties.getFailoverUrls());
        return urls;
    }

    @Override
    public String getUsername() {
        return this.properties.getUsername();
    }

    @Override
    public String getPassword() {
        return this.properties.getPassword();
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidMqttPropertiesException if {@code mqtt.ssl.bundle} names no bundle
     */
    @Override
    public SslBundle getSslBundle() {
        String name = this.properties.getSsl().getBundle();
        if (name == null || name.isEmpty()) {
            return null;
        }
        String problem = "mqtt.ssl.bundle: no SSL bundle named '" + name
                + "'; expected the name of a bundle defined under spring.ssl.bundle.jks or spring.ssl.bundle.pem";
        if (this.sslBundles == null) {
            throw new InvalidMqttPropertiesException(List.of(problem), null);
        }
        try {
            return this.sslBundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new InvalidMqttPropertiesException(List.of(problem), e);
        }
    }

    @Override
    public String toString() {
        return "PropertiesMqttConnectionDetails[urls=" + MqttUrls.masked(getBrokerUrls()) + ", username="
                + getUsername() + ", password=" + (getPassword() == null ? "null" : "****") + "]";
    }
}
