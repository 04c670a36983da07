package dev.mqttj.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test certificate authority with a server certificate for {@code 127.0.0.1}/{@code localhost} and a
 * client certificate, made with the JDK's {@code keytool} so the tests need no crypto library.
 *
 * <p>Each {@code keytool} call starts a JVM (1-4 s on a busy 2-core machine), so the set is made once per
 * JVM ({@link #get()}) and shared with later test JVMs of the same user through
 * {@code java.io.tmpdir/mqttj-test-certificates-v1-USER}; a missing, partial or nearly expired set is
 * regenerated. PEM files are world-readable because Mosquitto started as root reads them after dropping
 * to its own user.
 *
 * @param directory the directory holding every file below
 * @param caCertificatePem the CA certificate, PEM
 * @param serverCertificatePem the server certificate followed by the CA certificate, PEM
 * @param serverKeyPem the server's private key, PKCS#8 PEM
 * @param clientCertificatePem the client certificate followed by the CA certificate, PEM
 * @param clientKeyPem the client's private key, PKCS#8 PEM
 * @param trustStore a PKCS#12 key store trusting the CA, password {@link #PASSWORD}
 * @param serverKeyStore a PKCS#12 key store with the server key and chain, alias {@code server}
 * @param clientKeyStore a PKCS#12 key store with the client key and chain, alias {@code client}
 */
public record TestCertificates(Path directory, Path caCertificatePem, Path serverCertificatePem, Path serverKeyPem,
                               Path clientCertificatePem, Path clientKeyPem, Path trustStore, Path serverKeyStore,
                               Path clientKeyStore) {

    /** The password of every key store and key in the set. */
    public static final String PASSWORD = "changeit";

    private static final String VALIDITY_DAYS = "3650";
    private static final String DEFAULT_SERVER_NAMES = "ip:127.0.0.1,dns:localhost";
    private static final Map<String, SSLContext> CONTEXTS = new ConcurrentHashMap<>();
    private static final Map<String, TestCertificates> NAMED = new ConcurrentHashMap<>();
    private static volatile TestCertificates instance;

    /**
     * Returns the JVM-wide certificate set, generating it on first use.
     *
     * @return the certificate set
     * @throws IllegalStateException if {@code keytool} fails (its output is in the message)
     */
    public static TestCertificates get() {
        TestCertificates result = instance;
        if (result == null) {
            synchronized (TestCertificates.class) {
                result = instance;
                if (result == null) {
                    result = loadOrGenerate("", "mqttj test CA", DEFAULT_SERVER_NAMES);
                    instance = result;
                }
            }
        }
        return result;
    }

    /**
     * Returns another certificate set with a CA of its own, generated on first use and shared like
     * {@link #get()}: for tests that need a broker or a client the default CA does not trust, or a server
     * certificate for other names.
     *
     * @param name distinguishes the set; the same name always returns a set with the same server names
     * @param serverNames the server certificate's subject alternative names in {@code keytool}'s form, e.g.
     *     {@code ip:127.0.0.1,dns:localhost} or {@code dns:broker.invalid}
     * @return the certificate set
     * @throws IllegalArgumentException if the name is not a plain lower-case word
     * @throws IllegalStateException if {@code keytool} fails
     */
    public static TestCertificates named(String name, String serverNames) {
        if (name == null || !name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("certificate set name must be lower-case letters, digits and '-': "
                    + name);
        }
        // The names are part of the directory, so two callers can never share a set with other names.
        String suffix = "-" + name + "-" + Integer.toHexString(serverNames.hashCode());
        return NAMED.computeIfAbsent(suffix, key -> loadOrGenerate(key, "mqttj test CA " + name, serverNames));
    }

    /**
     * Copies every file of the set into {@code target}, replacing files of the same names, world-readable:
     * a set whose files a test may later overwrite with those of another set, as a certificate rotation does.
     *
     * @param target an existing directory
     * @return the set made of the copies
     * @throws UncheckedIOException if a file cannot be copied
     */
    public TestCertificates copyTo(Path target) {
        TestCertificates copy = in(target);
        List<Path> sources = files();
        List<Path> targets = copy.files();
        try {
            for (int i = 0; i < sources.size(); i++) {
                Path temporary = Files.createTempFile(target, ".copy-", ".tmp");
                Files.copy(sources.get(i), temporary, StandardCopyOption.REPLACE_EXISTING);
                // A rename, so whoever reads the file sees the old or the new content, never a mix.
                Files.move(temporary, targets.get(i), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            TempDirs.makeWorldReadable(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + directory + " to " + target, e);
        }
        CONTEXTS.keySet().removeIf(key -> key.startsWith(target + "#"));
        return copy;
    }

    private List<Path> files() {
        return List.of(caCertificatePem, serverCertificatePem, serverKeyPem, clientCertificatePem, clientKeyPem,
                trustStore, serverKeyStore, clientKeyStore);
    }

    /**
     * Returns the CA certificate.
     *
     * @return the self-signed CA certificate that signed the server and client certificates
     */
    public X509Certificate caCertificate() {
        return readCertificates(caCertificatePem).get(0);
    }

    /**
     * Returns a TLS context that trusts the test CA and presents no client certificate.
     *
     * @return a shared, initialised {@link SSLContext} (contexts are thread-safe)
     */
    public SSLContext clientContext() {
        return CONTEXTS.computeIfAbsent(directory + "#client", key -> sslContext(null, null));
    }

    /**
     * Returns a TLS context that trusts the test CA and presents the client certificate (mutual TLS).
     *
     * @return a shared, initialised {@link SSLContext}
     */
    public SSLContext mutualTlsClientContext() {
        return CONTEXTS.computeIfAbsent(directory + "#mutual", key -> sslContext(clientCertificatePem, clientKeyPem));
    }

    /**
     * Returns a TLS context for a Java test server: it presents the server certificate and trusts the CA.
     *
     * @return a shared, initialised {@link SSLContext}
     */
    public SSLContext serverContext() {
        return CONTEXTS.computeIfAbsent(directory + "#server", key -> sslContext(serverCertificatePem, serverKeyPem));
    }

    /** Built from the PEM files in memory: loading the PKCS#12 files costs a PBE decryption per file. */
    private SSLContext sslContext(Path certificatePem, Path keyPem) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", caCertificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            KeyManagerFactory keys = null;
            if (certificatePem != null) {
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                identity.setKeyEntry("key", readPrivateKey(keyPem), PASSWORD.toCharArray(),
                        readCertificates(certificatePem).toArray(new Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an SSLContext from " + directory, e);
        }
    }

    private static List<X509Certificate> readCertificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new IllegalStateException("no certificate in " + pem);
            }
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot parse certificates in " + pem, e);
        }
    }

    private static PrivateKey readPrivateKey(Path pem) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(pem, StandardCharsets.US_ASCII)
                .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        byte[] pkcs8 = Base64.getDecoder().decode(base64);
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    private static KeyStore load(Path file) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key store " + file, e);
        }
    }

    /**
     * Reuses the set another test JVM of this user left in the temporary directory, if complete and valid,
     * else generates one and publishes it there with an atomic rename so parallel JVMs never see half a set.
     */
    private static TestCertificates loadOrGenerate(String suffix, String caName, String serverNames) {
        Path shared = Path.of(System.getProperty("java.io.tmpdir"),
                "mqttj-test-certificates-v1-" + System.getProperty("user.name") + suffix);
        if (in(shared).isComplete()) {
            return in(shared);
        }
        Path fresh = generate(caName, serverNames).directory();
        try {
            Files.move(fresh, shared, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Another JVM published first, or a broken set is in the way: check below, else keep ours private.
        }
        if (in(shared).isComplete()) {
            TempDirs.deleteQuietly(fresh);
            return in(shared);
        }
        TempDirs.deleteOnExit(fresh);
        return in(fresh);
    }

    private static TestCertificates in(Path dir) {
        return new TestCertificates(dir, dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key"),
                dir.resolve("client.pem"), dir.resolve("client.key"), dir.resolve("truststore.p12"),
                dir.resolve("server.p12"), dir.resolve("client.p12"));
    }

    private boolean isComplete() {
        for (Path file : files()) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                return false;
            }
        }
        try {
            // Valid for at least another day, so a long build cannot outlive it; both keys must parse.
            caCertificate().checkValidity(new java.util.Date(System.currentTimeMillis() + 86_400_000L));
            readPrivateKey(serverKeyPem);
            readPrivateKey(clientKeyPem);
            return readCertificates(serverCertificatePem).size() == 2
                    && readCertificates(clientCertificatePem).size() == 2;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return false;
        }
    }

    private static TestCertificates generate(String caName, String serverNames) {
        try {
            Path dir = TempDirs.create("mqttj-certs-");
            Path ca = dir.resolve("ca.p12");
            Path caPem = dir.resolve("ca.pem");
            Path trust = dir.resolve("truststore.p12");
            // Each set's CA has a name of its own: a CA trusted under the same name would make a foreign chain
            // fail on its signature instead of on the missing trust anchor, as with a real unknown CA.
            keytool(dir, "ca", "-genkeypair", "-keystore", ca.toString(), "-alias", "ca", "-dname", "CN=" + caName,
                    "-ext", "bc:c", "-ext", "KeyUsage:critical=keyCertSign,cRLSign");
            X509Certificate caCertificate = (X509Certificate) load(ca).getCertificate("ca");
            Files.writeString(caPem, pem("CERTIFICATE", caCertificate.getEncoded()), StandardCharsets.US_ASCII);
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("ca", caCertificate);
            store(trustStore, trust);

            TestCertificates result = in(dir);
            // Each keytool run is a JVM start: issue both certificates side by side.
            FutureTask<Void> client = new FutureTask<>(() -> {
                issue(dir, ca, caCertificate, result.clientKeyStore, "client", "CN=mqttj test client", null,
                        "EKU=clientAuth", result.clientCertificatePem, result.clientKeyPem);
                return null;
            });
            Thread clientThread = new Thread(client, "mqttj-test-certificates");
            clientThread.setDaemon(true);
            clientThread.start();
            // The default set's CN predates its names; for the others the subject alternative names alone count.
            String commonName = serverNames.equals(DEFAULT_SERVER_NAMES) ? "CN=127.0.0.1" : "CN=mqttj test server";
            issue(dir, ca, caCertificate, result.serverKeyStore, "server", commonName,
                    "SAN=" + serverNames, "EKU=serverAuth", result.serverCertificatePem,
                    result.serverKeyPem);
            awaitIssued(client);
            TempDirs.makeWorldReadable(dir);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test certificates", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read generated test certificates", e);
        }
    }

    private static void awaitIssued(FutureTask<Void> task) throws IOException, GeneralSecurityException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating test certificates", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof GeneralSecurityException) {
                throw (GeneralSecurityException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException("cannot generate test certificates", cause);
        }
    }

    /** Makes a key pair, has the CA sign it, and stores key and chain as PKCS#12 and as PEM files. */
    private static void issue(Path dir, Path ca, X509Certificate caCertificate, Path keyStore, String alias,
                              String dname, String san, String eku, Path certificatePem, Path keyPem)
            throws IOException, GeneralSecurityException {
        Path request = dir.resolve(alias + ".csr");
        Path signed = dir.resolve(alias + ".crt");
        keytool(dir, alias, "-genkeypair", "-keystore", keyStore.toString(), "-alias", alias, "-dname", dname);
        keytool(dir, alias, "-certreq", "-keystore", keyStore.toString(), "-alias", alias, "-file", request.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-keystore", ca.toString(), "-alias", "ca",
                "-infile", request.toString(), "-outfile", signed.toString(), "-validity", VALIDITY_DAYS,
                "-ext", eku, "-ext", "KeyUsage:critical=digitalSignature,keyAgreement"));
        if (san != null) {
            gencert.add("-ext");
            gencert.add(san);
        }
        keytool(dir, alias, gencert.toArray(new String[0]));

        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(signed)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = load(keyStore);
        PrivateKey key = (PrivateKey) store.getKey(alias, PASSWORD.toCharArray());
        Certificate[] chain = {certificate, caCertificate};
        store.setKeyEntry(alias, key, PASSWORD.toCharArray(), chain);
        store(store, keyStore);

        StringBuilder certificates = new StringBuilder();
        for (Certificate each : chain) {
            certificates.append(pem("CERTIFICATE", each.getEncoded()));
        }
        Files.writeString(certificatePem, certificates, StandardCharsets.US_ASCII);
        // PrivateKey.getEncoded() of a PKCS#12 key is PKCS#8, which OpenSSL reads as "PRIVATE KEY".
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    }

    private static void store(KeyStore store, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(Path dir, String logName, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // keytool's run time is mostly JVM start-up: a small, non-optimising JVM halves it.
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto"));
        command.addAll(List.of(arguments));
        if (List.of(arguments).contains("-genkeypair")) {
            // EC keys generate in milliseconds; RSA-2048 would dominate the first TLS test's runtime.
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY_DAYS));
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Path output = dir.resolve("keytool-" + logName + ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed with exit code " + process.exitValue() + ": " + command
                    + "\n" + Files.readString(output));
        }
    }
}
