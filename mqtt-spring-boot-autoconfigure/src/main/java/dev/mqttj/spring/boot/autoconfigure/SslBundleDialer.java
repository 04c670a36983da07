package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.transport.Connection;
import dev.mqttj.transport.Dialer;
import dev.mqttj.transport.StandardDialer;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * The dialer of the auto-configured connection: a {@link StandardDialer} with the TLS material of an
 * {@link SslBundle}, which {@link #reload(SslBundle)} replaces while the application runs. Dials that begin
 * after a reload use the new material; a dial in progress finishes with the old.
 */
final class SslBundleDialer implements Dialer {

    private final Duration connectTimeout;
    private final boolean verifyHostname;
    private volatile StandardDialer delegate;

    /**
     * Creates the dialer.
     *
     * @param connectTimeout the longest a dial may take
     * @param verifyHostname whether the broker's certificate must name the host of the URL
     * @param bundle the TLS material, or null for the JDK's default trust
     */
    SslBundleDialer(Duration connectTimeout, boolean verifyHostname, SslBundle bundle) {
        this.connectTimeout = connectTimeout;
        this.verifyHostname = verifyHostname;
        this.delegate = build(bundle);
    }

    /**
     * Uses new TLS material for the dials that follow.
     *
     * @param bundle the reloaded bundle
     * @throws RuntimeException if the bundle's material does not make an SSL context; the previous material
     *     stays in use
     */
    void reload(SslBundle bundle) {
        this.delegate = build(bundle);
    }

    @Override
    public Connection dial(String url) throws IOException {
        return this.delegate.dial(url);
    }

    @Override
    public Connection dial(String url, Duration timeout) throws IOException {
        return this.delegate.dial(url, timeout);
    }

    private StandardDialer build(SslBundle bundle) {
        StandardDialer.Builder dialer = Dialer.builder().connectTimeout(this.connectTimeout)
                .hostnameVerification(this.verifyHostname);
        if (bundle != null) {
            dialer.sslContext(bundle.createSslContext());
            SslOptions options = bundle.getOptions();
            if (options != null && options.isSpecified()) {
                SSLParameters parameters = new SSLParameters();
                if (options.getCiphers() != null) {
                    parameters.setCipherSuites(options.getCiphers());
                }
                if (options.getEnabledProtocols() != null) {
                    parameters.setProtocols(options.getEnabledProtocols());
                }
                dialer.sslParameters(parameters);
            }
        }
        return dialer.build();
    }
}
