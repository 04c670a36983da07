package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.ClientEventListener;
import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import dev.mqttj.session.FileSession;
import dev.mqttj.session.MemorySession;
import dev.mqttj.session.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of one MQTT connection: the {@link MqttConnectionDetails}, the core
 * {@link Config}, its {@link Session} store, the {@link Service} and the lifecycle that starts and
 * stops it. Every bean backs off when the application defines its own.
 *
 * <p>The service reports its events to every {@link ClientEventListener} bean (metrics among them)
 * and publishes them as {@link dev.mqttj.spring.core.MqttConnectionEvent application events}; an
 * {@link MqttServiceCustomizer} that sets its own event listener replaces all of them. A listener bean
 * that needs the service must take an {@code ObjectProvider<Service>}: the service collects its
 * listeners when it is created.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(Service.class)
@ConditionalOnBooleanProperty(name = "mqtt.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MqttProperties.class)
public final class MqttAutoConfiguration {

    MqttAutoConfiguration(MqttProperties properties) {
        // Before any bean is built, so every bad value is reported together and nothing connects.
        MqttPropertiesValidator.validate(properties);
    }

    @Bean
    @ConditionalOnMissingBean(MqttConnectionDetails.class)
    PropertiesMqttConnectionDetails mqttConnectionDetails(MqttProperties properties,
            ObjectProvider<SslBundles> sslBundles) {
        return new PropertiesMqttConnectionDetails(properties, sslBundles.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean(Config.class)
    Config mqttConfig(MqttProperties properties, MqttConnectionDetails connectionDetails,
            ObjectProvider<MqttConfigCustomizer> customizers) {
        return MqttConfigFactory.create(properties, connectionDetails, customizers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean(Session.class)
    Session mqttSession(MqttProperties properties) {
        MqttProperties.Session session = properties.getSession();
        if (session.getStore() != MqttProperties.Session.Store.FILE) {
            return new MemorySession();
        }
        try {
            return FileSession.open(session.getDirectory());
        } catch (IOException | RuntimeException e) {
            throw new InvalidMqttPropertiesException(List.of("mqtt.session.directory: cannot open a session store in '"
                    + session.getDirectory() + "': " + e + "; expected a writable directory that no other running"
                    + " application uses"), e);
        }
    }

    @Bean
    @ConditionalOnMissingBean(Service.class)
    Service mqttService(MqttProperties properties, Session mqttSession, ApplicationEventPublisher eventPublisher,
            ObjectProvider<ClientEventListener> eventListeners, ObjectProvider<MqttServiceCustomizer> customizers) {
        Service service = new Service(properties.getQueue().getSize());
        service.setSession(mqttSession);
        service.setQueueTimeout(properties.getQueue().getTimeout());
        service.setMinReconnectDelay(properties.getReconnect().getMinDelay());
        service.setMaxReconnectDelay(properties.getReconnect().getMaxDelay());
        service.setConnectTimeout(properties.getConnectTimeout());
        service.setDisconnectTimeout(properties.getDisconnectTimeout());
        service.setResubscribeTimeout(properties.getResubscribeTimeout());
        List<ClientEventListener> listeners = new ArrayList<>();
        listeners.add(new MqttApplicationEvents(service, eventPublisher));
        // Loops rather than lambdas here and in MqttConfigFactory: a cold start spins a class for each lambda.
        listeners.addAll(eventListeners.orderedStream().toList());
        service.setEventListener(ClientEventListener.composite(listeners));
        for (MqttServiceCustomizer customizer : customizers.orderedStream().toList()) {
            customizer.customize(service);
        }
        return service;
    }

    /**
     * Renews the connection with the new material when Spring Boot reloads the bundle named by
     * {@code mqtt.ssl.bundle}; see {@link MqttSslBundleReloader} for why it renews instead of waiting.
     */
    @Bean
    @ConditionalOnProperty("mqtt.ssl.bundle")
    MqttSslBundleReloader mqttSslBundleReloader(MqttProperties properties, MqttConnectionDetails connectionDetails,
            Config mqttConfig, Service mqttService, ObjectProvider<SslBundles> sslBundles) {
        // Only the dialer this auto-configuration built from the named bundle can take the reloaded material.
        String name = properties.getSsl().getBundle();
        boolean fromProperties = connectionDetails instanceof PropertiesMqttConnectionDetails && !name.isEmpty();
        SslBundleDialer dialer = fromProperties && mqttConfig.dialer() instanceof SslBundleDialer
                ? (SslBundleDialer) mqttConfig.dialer() : null;
        MqttSslBundleReloader reloader = new MqttSslBundleReloader(name, dialer, mqttService);
        SslBundles bundles = sslBundles.getIfAvailable();
        if (bundles != null) {
            reloader.register(bundles);
        }
        return reloader;
    }

    @Bean
    @ConditionalOnMissingBean(MqttServiceLifecycle.class)
    MqttServiceLifecycle mqttServiceLifecycle(Service mqttService, Config mqttConfig, MqttProperties properties) {
        // Fail fast gives every broker URL one attempt.
        return new MqttServiceLifecycle(mqttService, mqttConfig, properties.isFailFast(),
                properties.getConnectTimeout().multipliedBy(mqttConfig.brokerUrls().size()));
    }
}
