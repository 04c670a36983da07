package dev.mqttj.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.channels.SocketChannel;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The standard {@link Dialer}: TCP and TLS sockets with {@code TCP_NODELAY}, and WebSockets through
 * the JDK's {@link java.net.http.WebSocket} with subprotocol {@code mqtt}.
 *
 * <p>Instances are immutable and thread-safe; build them with {@link Dialer#builder()}.
 */
public final class StandardDialer implements Dialer {

    static final StandardDialer DEFAULT = new Builder().build();

    private final Duration connectTimeout;
    private final SSLContext sslContext;
    private final SSLParameters sslParameters;
    private final boolean hostnameVerification;
    /**
     * The HTTP clients of this dialer's WebSocket connections, shared with the copies {@link #withConnectTimeout}
     * makes. Each client owns a selector thread, which ends once the client is unreachable and its connections
     * are closed: held per dialer rather than in a static cache, they go with the dialer, so a dialer replaced
     * for new TLS material (a reloaded certificate) leaves no thread behind.
     */
    private final WebSocketClients webSocketClients;

    private StandardDialer(Builder builder) {
        this.connectTimeout = builder.connectTimeout;
        this.sslContext = builder.sslContext;
        this.sslParameters = builder.sslParameters;
        this.hostnameVerification = builder.hostnameVerification;
        this.webSocketClients = builder.sharedWebSocketClients != null ? builder.sharedWebSocketClients
                : new WebSocketClients();
    }

    /**
     * Returns the connect timeout, which covers the TCP connect and the TLS or WebSocket handshake.
     *
     * @return the timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns a dialer with the same settings and another connect timeout.
     *
     * @param timeout a positive duration
     * @return the new dialer
     * @throws IllegalArgumentException if the timeout is null, zero or negative
     */
    public StandardDialer withConnectTimeout(Duration timeout) {
        Builder builder = new Builder().connectTimeout(timeout).sslContext(sslContext).sslParameters(sslParameters)
                .hostnameVerification(hostnameVerification);
        builder.sharedWebSocketClients = webSocketClients;
        return builder.build();
    }

    /**
     * {@inheritDoc}
     *
     * @throws java.net.SocketTimeoutException if connecting or the handshake took longer than the
     *     connect timeout
     */
    @Override
    public Connection dial(String url) throws IOException {
        BrokerUrl target = BrokerUrl.parse(url);
        if (target.webSocket()) {
            return dialWebSocket(target);
        }
        return dialSocket(target);
    }

    /**
     * {@inheritDoc}
     *
     * @throws java.net.SocketTimeoutException if connecting or the handshake took longer than the
     *     shorter of {@code timeout} and this dialer's connect timeout
     */
    @Override
    public Connection dial(String url, Duration timeout) throws IOException {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("dial timeout must be positive but was " + timeout);
        }
        if (timeout.compareTo(connectTimeout) >= 0) {
            return dial(url);
        }
        return withConnectTimeout(timeout).dial(url);
    }

    private Connection dialSocket(BrokerUrl target) throws IOException {
        int timeout = timeoutMillis();
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        if (!target.secure()) {
            // A channel reads into our own direct buffer; socket streams would copy through a per-thread
            // cache of temporary direct buffers that costs every idle connection's reader 4 KiB of heap.
            SocketChannel channel = SocketChannel.open();
            try {
                channel.socket().setTcpNoDelay(true);
                channel.socket().connect(address, timeout);
                return new StreamConnection(channel, target.toString());
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel.socket());
                throw e;
            }
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, timeout);
            socket = handshake(socket, target, timeout);
            return new StreamConnection(socket, target.toString());
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private Socket handshake(Socket plain, BrokerUrl target, int timeout) throws IOException {
        SSLContext context = sslContext();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, target.host(), target.port(), true);
        SSLParameters parameters = tlsParameters(context);
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(timeout);
        tls.startHandshake();
        tls.setSoTimeout(0);
        return tls;
    }

    private SSLParameters tlsParameters(SSLContext context) {
        SSLParameters parameters = sslParameters != null ? copy(sslParameters) : context.getDefaultSSLParameters();
        if (hostnameVerification) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        } else {
            parameters.setEndpointIdentificationAlgorithm(null);
        }
        return parameters;
    }

    private static SSLParameters copy(SSLParameters source) {
        SSLParameters copy = new SSLParameters(source.getCipherSuites(), source.getProtocols());
        copy.setNeedClientAuth(source.getNeedClientAuth());
        copy.setServerNames(source.getServerNames());
        copy.setApplicationProtocols(source.getApplicationProtocols());
        copy.setEndpointIdentificationAlgorithm(source.getEndpointIdentificationAlgorithm());
        return copy;
    }

    private SSLContext sslContext() throws IOException {
        if (sslContext != null) {
            return sslContext;
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no default TLS context available", e);
        }
    }

    private Connection dialWebSocket(BrokerUrl target) throws IOException {
        String host = target.host().indexOf(':') >= 0 ? "[" + target.host() + "]" : target.host();
        URI uri = URI.create(target.scheme() + "://" + host + ":" + target.port() + target.path());
        HttpClient http = httpClient(target.secure());
        WebSocketConnection connection = new WebSocketConnection(target.toString());
        WebSocket.Builder builder = http.newWebSocketBuilder()
                .subprotocols("mqtt")
                .connectTimeout(connectTimeout);
        try {
            WebSocket webSocket = builder.buildAsync(uri, connection)
                    .get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            connection.attach(webSocket);
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + target);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("WebSocket handshake with " + target + " took longer than " + connectTimeout);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new IOException("WebSocket connection to " + target + " failed: " + cause.getMessage(), cause);
        }
    }

    /** The HTTP client for this dialer's {@code ws} or {@code wss} connections, created on first use. */
    HttpClient httpClient(boolean secure) throws IOException {
        synchronized (webSocketClients) {
            if (secure) {
                if (webSocketClients.secure == null) {
                    SSLContext context = sslContext();
                    webSocketClients.secure = HttpClient.newBuilder().sslContext(context)
                            .sslParameters(tlsParameters(context)).build();
                }
                return webSocketClients.secure;
            }
            if (webSocketClients.plain == null) {
                webSocketClients.plain = HttpClient.newBuilder().build();
            }
            return webSocketClients.plain;
        }
    }

    private int timeoutMillis() {
        long millis = connectTimeout.toMillis();
        return millis > Integer.MAX_VALUE ? 0 : (int) Math.max(1, millis);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already failing; the original exception is the one that matters.
        }
    }

    /** The lazily created HTTP clients of one dialer and its copies; guarded by itself. */
    private static final class WebSocketClients {
        HttpClient plain;
        HttpClient secure;
    }

    /** Builds a {@link StandardDialer}. Not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private SSLContext sslContext;
        private SSLParameters sslParameters;
        private boolean hostnameVerification = true;
        /** Set by {@link StandardDialer#withConnectTimeout}: the copy keeps the original's clients. */
        private WebSocketClients sharedWebSocketClients;

        Builder() {
        }

        /**
         * Sets how long dialing may take, TCP connect and TLS/WebSocket handshake included.
         *
         * @param timeout a positive duration (default 10 s)
         * @return this builder
         * @throws IllegalArgumentException if the timeout is null, zero or negative
         */
        public Builder connectTimeout(Duration timeout) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("connectTimeout must be positive but was " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets the TLS context for {@code tls}, {@code ssl}, {@code mqtts} and {@code wss} URLs, for
         * example one that trusts a private CA or presents a client certificate.
         *
         * @param context the context, or null for the JDK default
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * Sets TLS parameters such as protocols and cipher suites. Hostname verification is still
         * governed by {@link #hostnameVerification(boolean)}.
         *
         * @param parameters the parameters, or null for the context's defaults
         * @return this builder
         */
        public Builder sslParameters(SSLParameters parameters) {
            this.sslParameters = parameters;
            return this;
        }

        /**
         * Turns verification of the broker's host name against its certificate on or off. It is on
         * by default; turn it off only for tests. For {@code wss} the JDK's HTTP client always
         * verifies host names, so turning it off has no effect there.
         *
         * @param verify whether to verify
         * @return this builder
         */
        public Builder hostnameVerification(boolean verify) {
            this.hostnameVerification = verify;
            return this;
        }

        /**
         * Builds the dialer.
         *
         * @return an immutable dialer
         */
        public StandardDialer build() {
            return new StandardDialer(this);
        }
    }
}
