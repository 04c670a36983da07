package dev.mqttj.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A parsed broker URL: scheme, host, port (the scheme's default when absent), optional credentials
 * and, for WebSockets, the request path.
 *
 * @param scheme the lower-case scheme, one of tcp, mqtt, tls, ssl, mqtts, ws, wss
 * @param host the host name or IP address literal (IPv6 without brackets)
 * @param port the port, explicit or the scheme's default
 * @param username the user name from the URL's user info, or null
 * @param password the password from the URL's user info, or null
 * @param path the path for WebSocket URLs ("/" when absent), otherwise ""
 */
public record BrokerUrl(String scheme, String host, int port, String username, String password, String path) {

    /**
     * Parses and checks a broker URL.
     *
     * @param url the URL, for example {@code mqtts://user:secret@broker.example:8883}
     * @return the parsed URL
     * @throws IllegalArgumentException naming the URL part at fault if the URL is malformed, has an
     *     unsupported scheme, no host or a port outside 1..65535
     */
    public static BrokerUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("broker URL must not be empty");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            // Not chained: URISyntaxException's message and input hold the whole URL, password included.
            throw new IllegalArgumentException("broker URL '" + redact(url) + "' is malformed: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("broker URL '" + redact(url)
                    + "' has no scheme; expected one of tcp, mqtt, tls, ssl, mqtts, ws, wss");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int defaultPort = defaultPort(scheme);
        if (defaultPort < 0) {
            throw new IllegalArgumentException("broker URL '" + redact(url) + "' has unsupported scheme '" + scheme
                    + "'; expected one of tcp, mqtt, tls, ssl, mqtts, ws, wss");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("broker URL '" + redact(url) + "' has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("broker URL '" + redact(url) + "' has port " + port + " outside 1..65535");
        }
        String username = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String path = "";
        if (isWebSocket(scheme)) {
            path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                path = path + "?" + uri.getRawQuery();
            }
        }
        return new BrokerUrl(scheme, host, port, username, password, path);
    }

    /**
     * Tells whether this URL asks for TLS ({@code tls}, {@code ssl}, {@code mqtts} or {@code wss}).
     *
     * @return true for a secure transport
     */
    public boolean secure() {
        return scheme.equals("tls") || scheme.equals("ssl") || scheme.equals("mqtts") || scheme.equals("wss");
    }

    /**
     * Tells whether this URL asks for a WebSocket transport ({@code ws} or {@code wss}).
     *
     * @return true for WebSockets
     */
    public boolean webSocket() {
        return isWebSocket(scheme);
    }

    /**
     * Returns the URL without credentials, safe to log.
     *
     * @return scheme, host, port and path
     */
    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + (username != null ? username + ":****@" : "") + h + ":" + port + path;
    }

    private static boolean isWebSocket(String scheme) {
        return scheme.equals("ws") || scheme.equals("wss");
    }

    private static int defaultPort(String scheme) {
        switch (scheme) {
            case "tcp":
            case "mqtt":
                return 1883;
            case "tls":
            case "ssl":
            case "mqtts":
                return 8883;
            case "ws":
                return 80;
            case "wss":
                return 443;
            default:
                return -1;
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * Hides the password of a URL that is about to appear in a message, also in URLs this class
     * refuses: without a scheme ({@code alice:pw@host}), with {@code //} only, or with an unencoded
     * {@code @} in the password. Everything between the user name and the last {@code @} is masked.
     *
     * @param url any text given as a broker URL
     * @return the text with the password replaced by {@code ****}
     */
    public static String redact(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        int scheme = url.indexOf("://");
        int slashes = url.indexOf("//");
        int start = scheme >= 0 && scheme < at ? scheme + 3 : slashes >= 0 && slashes < at ? slashes + 2 : 0;
        int colon = url.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon + 1) + "****" + url.substring(at);
    }
}
