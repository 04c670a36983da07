/**
 * Test support shared by every module through the core's test-jar: brokers on free loopback ports and tools
 * to break the network between a client and them.
 *
 * <ul>
 *   <li>{@link dev.mqttj.testing.EmbeddedBroker}: Moquette 0.17 inside the JVM (TCP, optional websocket).</li>
 *   <li>{@link dev.mqttj.testing.MosquittoBroker}: the {@code mosquitto} binary with TCP, TLS, mutual TLS, ws,
 *       wss, persistence, password file, SIGTERM/SIGKILL and restart on the same ports. Locate the binary
 *       through {@link dev.mqttj.testing.BrokerRequirements}, which fails instead of skipping when
 *       {@code CI=true}.</li>
 *   <li>{@link dev.mqttj.testing.TestCertificates}: a test CA with server and client certificates, as PEM
 *       files and {@code SSLContext}s.</li>
 *   <li>{@link dev.mqttj.testing.ChaosProxy}: a TCP proxy that cuts, stalls, black-holes, delays or refuses
 *       connections.</li>
 *   <li>{@link dev.mqttj.testing.FakeBroker} with {@link dev.mqttj.testing.Flow}: a scripted peer for exact
 *       packet sequences.</li>
 *   <li>{@link dev.mqttj.testing.FreePorts}: free loopback ports.</li>
 * </ul>
 *
 * <p>Modules using the embedded broker must also declare {@code moquette-broker} (reload4j excluded, as in
 * the parent's dependency management) and {@code slf4j-simple} as test dependencies: a test-jar brings no
 * dependencies of its own.
 */
package dev.mqttj.testing;
