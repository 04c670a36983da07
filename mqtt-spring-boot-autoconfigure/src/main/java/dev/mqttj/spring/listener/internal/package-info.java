/**
 * Internal to the listener machinery: not an API, may change in any release. Its types are public only because
 * the JVM requires it of the interfaces that classes generated in the listener beans' packages implement.
 */
package dev.mqttj.spring.listener.internal;
