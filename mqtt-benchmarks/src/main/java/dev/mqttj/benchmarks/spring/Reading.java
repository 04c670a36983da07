package dev.mqttj.benchmarks.spring;

/**
 * The small record the JSON benchmarks send and receive: about 60 bytes of JSON.
 *
 * @param sensor the sensor's id
 * @param celsius the temperature
 * @param timestamp when it was measured, epoch milliseconds
 */
public record Reading(String sensor, double celsius, long timestamp) {
}
