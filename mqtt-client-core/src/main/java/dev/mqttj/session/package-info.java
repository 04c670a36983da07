/**
 * Session stores: where a client keeps the packets of its MQTT session that are not yet fully
 * acknowledged, so they can be resent after a reconnect. {@link dev.mqttj.session.MemorySession} keeps them
 * in memory; {@link dev.mqttj.session.FileSession} keeps them in a crash-safe log on disk.
 */
package dev.mqttj.session;
