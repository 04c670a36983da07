package dev.mqttj.sample;

import java.time.Instant;

/**
 * A temperature reading, sent and received as JSON.
 *
 * @param sensor the sensor's id, also the middle level of its topic {@code sensors/{sensor}/temperature}
 * @param celsius the temperature
 * @param takenAt when it was measured
 */
public record Reading(String sensor, double celsius, Instant takenAt) {
}
