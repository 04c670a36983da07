package dev.mqttj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Renders a {@link MosquittoBroker}'s configuration file (and its password file) for Mosquitto 2.0. */
final class MosquittoConfig {

    /** Mosquitto 2.0's own PBKDF2-SHA512 iteration count for {@code $7$} hashes. */
    private static final int PBKDF2_ITERATIONS = 101;

    private MosquittoConfig() {
    }

    static String render(MosquittoBroker broker, MosquittoBrokerBuilder options) {
        StringBuilder config = new StringBuilder();
        if ("root".equals(System.getProperty("user.name"))) {
            // As root, mosquitto would switch to user "mosquitto" before opening keys, log and persistence.
            line(config, "user", "root");
        }
        line(config, "per_listener_settings", "false");
        line(config, "log_dest", "stderr");
        // Not "all": debug logs every packet, which would slow a busy broker and grow the log without bound.
        for (String type : new String[] {"error", "warning", "notice", "information"}) {
            line(config, "log_type", type);
        }
        line(config, "log_timestamp_format", "%H:%M:%S");
        if (!options.extraSettings.containsKey("allow_anonymous")) {
            line(config, "allow_anonymous", "true");
        }
        if (!options.users.isEmpty()) {
            line(config, "password_file", writePasswordFile(broker.directory(), options.users).toString());
        }
        if (options.persistence) {
            line(config, "persistence", "true");
            line(config, "persistence_location", broker.dataDirectory().toAbsolutePath() + "/");
            // Save after every single change: the most a SIGKILL-ed Mosquitto 2.0 can keep.
            line(config, "autosave_on_changes", "true");
            line(config, "autosave_interval", "1");
        } else {
            line(config, "persistence", "false");
        }
        for (Map.Entry<String, String> setting : options.extraSettings.entrySet()) {
            line(config, setting.getKey(), setting.getValue());
        }
        Map<String, Integer> ports = broker.listenerPorts();
        listener(config, ports.get("tcp"), false, false, options);
        if (options.tls) {
            listener(config, ports.get("tls"), true, false, options);
        }
        if (options.websocket) {
            listener(config, ports.get("ws"), false, true, options);
        }
        if (options.secureWebsocket) {
            listener(config, ports.get("wss"), true, true, options);
        }
        return config.toString();
    }

    private static void listener(StringBuilder config, int port, boolean tls, boolean websocket,
                                 MosquittoBrokerBuilder options) {
        config.append('\n');
        line(config, "listener", port + " " + FreePorts.LOOPBACK);
        if (websocket) {
            line(config, "protocol", "websockets");
            // Without it libwebsockets listens on every address and ignores the bind address above.
            line(config, "socket_domain", "ipv4");
        }
        if (tls) {
            TestCertificates certificates = options.certificates != null ? options.certificates
                    : TestCertificates.get();
            line(config, "cafile", certificates.caCertificatePem().toString());
            line(config, "certfile", certificates.serverCertificatePem().toString());
            line(config, "keyfile", certificates.serverKeyPem().toString());
            line(config, "require_certificate", Boolean.toString(options.requireClientCertificate));
        }
    }

    private static void line(StringBuilder config, String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("mosquitto setting " + key + " must be one line, got " + value);
        }
        config.append(key).append(' ').append(value).append('\n');
    }

    private static Path writePasswordFile(Path directory, Map<String, String> users) {
        StringBuilder lines = new StringBuilder();
        SecureRandom random = new SecureRandom();
        for (Map.Entry<String, String> user : users.entrySet()) {
            byte[] salt = new byte[12];
            random.nextBytes(salt);
            lines.append(user.getKey()).append(":$7$").append(PBKDF2_ITERATIONS).append('$')
                    .append(Base64.getEncoder().encodeToString(salt)).append('$')
                    .append(Base64.getEncoder().encodeToString(pbkdf2(user.getValue(), salt))).append('\n');
        }
        Path file = directory.resolve("passwords");
        try {
            Files.writeString(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static byte[] pbkdf2(String password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, PBKDF2_ITERATIONS, 512);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 unavailable", e);
        }
    }
}
