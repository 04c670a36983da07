package dev.mqttj.client;

import java.time.Instant;

/**
 * A snapshot of a {@link Service}'s state, for health checks and dashboards; see {@link Service#status()}.
 *
 * @param started whether the service is started (connected or trying to connect)
 * @param online whether it is connected and past resubscribing and its queue
 * @param since when it last went online or offline (its start counts as going offline), or null
 *     when it never started
 * @param connectionAttempts how many connection attempts it made since it was created
 * @param lastError the last error it recovered from or reported, or null; messages carry no password
 * @param queued how many commands wait in the offline queue
 * @param inflight how many publishes, subscribes and unsubscribes await the broker's acknowledgement
 * @param brokerUrl the broker URL it connects or last connected to, with any password masked, or null
 *     when it never started
 */
public record ServiceStatus(boolean started, boolean online, Instant since, long connectionAttempts,
        Throwable lastError, int queued, int inflight, String brokerUrl) {
}
