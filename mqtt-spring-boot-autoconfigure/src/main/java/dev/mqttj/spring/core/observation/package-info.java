/**
 * Micrometer observation of publishes: the context and the conventions that name the observation and
 * its key values. The topic is a high-cardinality value, so it reaches traces but never metric tags.
 */
package dev.mqttj.spring.core.observation;
