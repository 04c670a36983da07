package dev.mqttj.spring.boot.autoconfigure;

import java.util.List;

/**
 * Thrown at startup when {@code mqtt.*} properties (or the connection details that replace them)
 * hold values the MQTT connection cannot use. Each problem names the property, the value (passwords
 * masked) and the accepted form; Spring Boot prints them through a failure analyzer.
 */
public final class InvalidMqttPropertiesException extends IllegalStateException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** One line per invalid property. */
    private final List<String> problems;

    /**
     * Creates the exception.
     *
     * @param problems one line per invalid property, each starting with the property's name
     * @param cause the underlying failure, or null
     */
    public InvalidMqttPropertiesException(List<String> problems, Throwable cause) {
        super("Invalid MQTT configuration: " + String.join("; ", problems), cause);
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns the problems found.
     *
     * @return one line per invalid property, each starting with the property's name
     */
    public List<String> problems() {
        return this.problems;
    }
}
