/**
 * The embedded broker mode: an in-JVM Moquette broker for development and tests, started only when no
 * broker URL is configured and Moquette is on the class path.
 */
package dev.mqttj.spring.boot.autoconfigure.embedded;
