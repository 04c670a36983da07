package dev.mqttj.spring.listener;

import dev.mqttj.spring.annotation.TopicVariable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.util.StringUtils;

/**
 * The description of one listener: which method of which bean receives the messages of which topic filters,
 * and how. Built from an {@link dev.mqttj.spring.annotation.MqttListener} annotation by the
 * {@link MqttListenerAnnotationBeanPostProcessor}, or by the application to add a listener at runtime through
 * {@link MqttListenerEndpointRegistry#registerListener(MqttListenerEndpoint)}.
 *
 * <p>Immutable; validated when built, so a listener that could not bind its topic variables never starts.
 */
public final class MqttListenerEndpoint {

    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

    private final String id;
    private final Object bean;
    private final Method method;
    private final List<TopicTemplate> topics;
    private final int qos;
    private final boolean autoStartup;
    private final int concurrency;
    private final MqttListenerErrorHandler errorHandler;
    private final String replyTopic;

    private MqttListenerEndpoint(Builder builder, List<TopicTemplate> topics) {
        this.id = builder.id;
        this.bean = builder.bean;
        this.method = builder.method;
        this.topics = List.copyOf(topics);
        this.qos = builder.qos;
        this.autoStartup = builder.autoStartup;
        this.concurrency = builder.concurrency;
        this.errorHandler = builder.errorHandler;
        this.replyTopic = builder.replyTopic;
    }

    /**
     * Starts describing a listener.
     *
     * @param id the listener's id, unique within the registry
     * @param bean the object whose method handles the messages
     * @param method the handling method, a method of the bean's class
     * @return a builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the id is empty
     */
    public static Builder builder(String id, Object bean, Method method) {
        return new Builder(id, bean, method);
    }

    /**
     * Returns the listener's id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Returns the bean that handles the messages.
     *
     * @return the bean
     */
    public Object bean() {
        return bean;
    }

    /**
     * Returns the handling method.
     *
     * @return the method
     */
    public Method method() {
        return method;
    }

    /**
     * Returns the parsed topic filters.
     *
     * @return at least one template
     */
    public List<TopicTemplate> topics() {
        return topics;
    }

    /**
     * Returns the QoS the filters are subscribed with.
     *
     * @return 0, 1 or 2
     */
    public int qos() {
        return qos;
    }

    /**
     * Tells whether the registry starts the listener when it starts.
     *
     * @return true to start with the application
     */
    public boolean autoStartup() {
        return autoStartup;
    }

    /**
     * Returns the number of threads that process the listener's messages.
     *
     * @return 1 to run on the connection's reader thread, more for a pool with per-topic order
     */
    public int concurrency() {
        return concurrency;
    }

    /**
     * Returns the listener's own error handler.
     *
     * @return the handler, or null for the registry's default
     */
    public MqttListenerErrorHandler errorHandler() {
        return errorHandler;
    }

    /**
     * Returns the topic a return value of the method is published to.
     *
     * @return the topic, or null if return values are ignored
     */
    public String replyTopic() {
        return replyTopic;
    }

    /**
     * Describes the endpoint for logs.
     *
     * @return the id, the filters and the method
     */
    @Override
    public String toString() {
        return "MqttListenerEndpoint[" + id + " " + topics + " -> " + describe(method) + "]";
    }

    static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }

    /** Collects an endpoint's settings; not thread-safe. */
    public static final class Builder {

        private final String id;
        private final Object bean;
        private final Method method;
        private final List<String> topics = new ArrayList<>();
        private String group;
        private int qos = 1;
        private boolean autoStartup = true;
        private int concurrency = 1;
        private MqttListenerErrorHandler errorHandler;
        private String replyTopic;

        private Builder(String id, Object bean, Method method) {
            this.id = Objects.requireNonNull(id, "id");
            this.bean = Objects.requireNonNull(bean, "bean");
            this.method = Objects.requireNonNull(method, "method");
            if (id.isEmpty()) {
                throw new IllegalArgumentException("listener id of " + describe(method) + " must not be empty");
            }
        }

        /**
         * Adds topic filters, with optional {@code {name}} variables.
         *
         * @param filters the filters
         * @return this builder
         */
        public Builder topics(String... filters) {
            topics.addAll(List.of(filters));
            return this;
        }

        /**
         * Sets the shared subscription group every filter is subscribed in.
         *
         * @param group the group, or null or empty for ordinary subscriptions
         * @return this builder
         */
        public Builder group(String group) {
            this.group = group;
            return this;
        }

        /**
         * Sets the QoS to subscribe with (default 1).
         *
         * @param qos 0, 1 or 2
         * @return this builder
         */
        public Builder qos(int qos) {
            this.qos = qos;
            return this;
        }

        /**
         * Sets whether the registry starts the listener when it starts (default true).
         *
         * @param autoStartup whether to start with the registry
         * @return this builder
         */
        public Builder autoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
            return this;
        }

        /**
         * Sets the number of threads that process the messages (default 1: the reader thread).
         *
         * @param concurrency at least 1
         * @return this builder
         */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /**
         * Sets the listener's error handler.
         *
         * @param errorHandler the handler, or null for the registry's default
         * @return this builder
         */
        public Builder errorHandler(MqttListenerErrorHandler errorHandler) {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * Sets the topic the method's return value is published to.
         *
         * @param replyTopic a topic name, or null to ignore return values
         * @return this builder
         */
        public Builder replyTopic(String replyTopic) {
            this.replyTopic = replyTopic;
            return this;
        }

        /**
         * Validates the settings and builds the endpoint.
         *
         * @return the endpoint
         * @throws IllegalArgumentException naming the method, if there is no filter, a filter is invalid, the
         *     QoS or concurrency is out of range, a filter's {@code {name}} is bound by no
         *     {@link TopicVariable} parameter, or such a parameter names a variable some filter lacks
         */
        public MqttListenerEndpoint build() {
            try {
                return new MqttListenerEndpoint(this, validate());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("@MqttListener '" + id + "' on " + describe(method) + ": "
                        + e.getMessage(), e);
            }
        }

        private List<TopicTemplate> validate() {
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("no topic filter given");
            }
            if (qos < 0 || qos > 2) {
                throw new IllegalArgumentException("qos " + qos + " is not 0, 1 or 2");
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency " + concurrency + " is not positive");
            }
            if (replyTopic != null) {
                dev.mqttj.topic.Topics.checkName(replyTopic);
            }
            List<TopicTemplate> templates = new ArrayList<>();
            for (String topic : topics) {
                templates.add(TopicTemplate.parse(topic, group));
            }
            Set<String> bound = boundVariables();
            for (TopicTemplate template : templates) {
                for (String name : bound) {
                    if (template.levelOf(name) < 0) {
                        throw new IllegalArgumentException("@TopicVariable '" + name + "' has no '{" + name
                                + "}' level in topic '" + template.template() + "'");
                    }
                }
                for (String name : template.variables()) {
                    if (!bound.contains(name)) {
                        throw new IllegalArgumentException("topic '" + template.template() + "' declares '{" + name
                                + "}' but no parameter is annotated @TopicVariable(\"" + name + "\"); use '+' for"
                                + " a level that is not bound");
                    }
                }
            }
            return templates;
        }

        private Set<String> boundVariables() {
            Set<String> names = new LinkedHashSet<>();
            for (int i = 0; i < method.getParameterCount(); i++) {
                MethodParameter parameter = new MethodParameter(method, i);
                parameter.initParameterNameDiscovery(PARAMETER_NAMES);
                TopicVariable variable = parameter.getParameterAnnotation(TopicVariable.class);
                if (variable != null) {
                    names.add(variableName(variable, parameter));
                }
            }
            return names;
        }
    }

    /**
     * Returns the variable a {@link TopicVariable} parameter binds: the annotation's value, else the
     * parameter's name.
     */
    static String variableName(TopicVariable variable, MethodParameter parameter) {
        if (StringUtils.hasText(variable.value())) {
            return variable.value();
        }
        String name = parameter.getParameterName();
        if (name == null) {
            throw new IllegalArgumentException("@TopicVariable parameter " + parameter.getParameterIndex()
                    + " has no name: give the variable's name or compile with -parameters");
        }
        return name;
    }
}
