package dev.mqttj.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options of a {@link MosquittoBroker}; every listener binds 127.0.0.1 only. */
public final class MosquittoBrokerBuilder {
    boolean tls;
    boolean requireClientCertificate;
    TestCertificates certificates;
    boolean websocket;
    boolean secureWebsocket;
    boolean persistence;
    Path persistenceParent;
    final Map<String, String> users = new LinkedHashMap<>();
    final Map<String, String> extraSettings = new LinkedHashMap<>();

    MosquittoBrokerBuilder() {
    }

    /**
     * Chooses whether to add a TLS listener with a server certificate signed by the test CA.
     *
     * @param enabled whether to add a TLS listener with a server certificate signed by the test CA
     * @return this builder
     */
    public MosquittoBrokerBuilder tls(boolean enabled) {
        this.tls = enabled;
        return this;
    }

    /**
     * Makes the TLS and wss listeners use another certificate set than {@link TestCertificates#get()}: its CA
     * file for client certificates and its server certificate and key. The files are read at every
     * {@link MosquittoBroker#start()}, so a test can replace them (see {@link TestCertificates#copyTo}) and
     * restart the broker to rotate its certificates.
     *
     * @param set the certificate set
     * @return this builder
     */
    public MosquittoBrokerBuilder certificates(TestCertificates set) {
        this.certificates = set;
        return this;
    }

    /**
     * Chooses whether TLS and wss listeners demand a client certificate signed by the test CA.
     *
     * @param required whether TLS and wss listeners demand a client certificate signed by the test CA
     * @return this builder
     */
    public MosquittoBrokerBuilder requireClientCertificate(boolean required) {
        this.requireClientCertificate = required;
        return this;
    }

    /**
     * Chooses whether to add a plain websocket ({@code ws}) listener.
     *
     * @param enabled whether to add a plain websocket ({@code ws}) listener
     * @return this builder
     */
    public MosquittoBrokerBuilder websocket(boolean enabled) {
        this.websocket = enabled;
        return this;
    }

    /**
     * Chooses whether to add a secure websocket ({@code wss}) listener.
     *
     * @param enabled whether to add a secure websocket ({@code wss}) listener
     * @return this builder
     */
    public MosquittoBrokerBuilder secureWebsocket(boolean enabled) {
        this.secureWebsocket = enabled;
        return this;
    }

    /**
     * Chooses whether to persist state in the temporary directory, saved after every change.
     *
     * @param enabled whether to persist state in the temporary directory, saved after every change
     * @return this builder
     */
    public MosquittoBrokerBuilder persistence(boolean enabled) {
        this.persistence = enabled;
        return this;
    }

    /**
     * Keeps the persistence directory in {@code parent}, e.g. {@code /dev/shm}, instead of the broker's
     * temporary directory. Mosquitto flushes each save to disk; with a save after every change that flush
     * dominates a busy test, while a RAM file system keeps the file across a killed broker all the same.
     *
     * @param parent an existing directory to create the persistence directory in
     * @return this builder
     */
    public MosquittoBrokerBuilder persistenceDirectory(Path parent) {
        this.persistenceParent = parent;
        return this;
    }

    /**
     * Adds a user to a password file. Anonymous clients stay allowed unless {@link #allowAnonymous(boolean)}
     * says otherwise.
     *
     * @param username the user name, without {@code :}
     * @param password the password
     * @return this builder
     * @throws IllegalArgumentException if the user name is empty or contains {@code :}
     */
    public MosquittoBrokerBuilder user(String username, String password) {
        if (username == null || username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("username must be non-empty and free of ':', got " + username);
        }
        users.put(username, password);
        return this;
    }

    /**
     * Chooses whether clients without credentials may connect (default true).
     *
     * @param allowed whether clients without credentials may connect (default true)
     * @return this builder
     */
    public MosquittoBrokerBuilder allowAnonymous(boolean allowed) {
        extraSettings.put("allow_anonymous", Boolean.toString(allowed));
        return this;
    }

    /**
     * Adds or overrides a global configuration line such as {@code max_inflight_messages 1}.
     *
     * @param key the option name
     * @param value its value
     * @return this builder
     */
    public MosquittoBrokerBuilder setting(String key, String value) {
        extraSettings.put(key, value);
        return this;
    }

    /**
     * Creates and starts the broker.
     *
     * @return the running broker
     * @throws org.opentest4j.TestAbortedException if mosquitto is missing and {@code CI} is not true
     * @throws AssertionError if mosquitto is missing and {@code CI} is true
     * @throws IllegalStateException if it does not start; the message holds its log
     */
    public MosquittoBroker start() {
        MosquittoBroker broker = MosquittoBroker.create(BrokerRequirements.requireMosquitto(), this);
        try {
            return broker.start();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }
}
