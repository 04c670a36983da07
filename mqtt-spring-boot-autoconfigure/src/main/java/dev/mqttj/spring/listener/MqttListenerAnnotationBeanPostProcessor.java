package dev.mqttj.spring.listener;

import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.annotation.MqttListeners;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Finds the {@link MqttListener} methods of every bean once, when the bean is initialized, resolves the
 * annotations' {@code ${...}} placeholders and {@code #{...}} expressions, validates them and turns each into an
 * {@link MqttListenerEndpoint}; when all singletons exist it registers the endpoints with the
 * {@link MqttListenerEndpointRegistry} bean. An invalid annotation fails the startup with a message that names
 * the method.
 */
public class MqttListenerAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware,
        SmartInitializingSingleton, Ordered {

    private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();
    /** Annotation types found on methods: whether each is, or is meta-annotated with, a listener annotation. */
    private final Map<Class<? extends Annotation>, Boolean> listenerAnnotationTypes = new ConcurrentHashMap<>();
    private final List<MqttListenerEndpoint> endpoints = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private ConfigurableListableBeanFactory beanFactory;
    private BeanExpressionResolver expressionResolver;
    private BeanExpressionContext expressionContext;

    /** Creates the post-processor; it needs the bean factory before it processes beans. */
    public MqttListenerAnnotationBeanPostProcessor() {
    }

    /**
     * Receives the bean factory that resolves placeholders, expressions and error handler beans.
     *
     * @param beanFactory the bean factory, a {@link ConfigurableListableBeanFactory}
     * @throws IllegalArgumentException if it is of another kind
     */
    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (!(beanFactory instanceof ConfigurableListableBeanFactory configurable)) {
            throw new IllegalArgumentException("MqttListenerAnnotationBeanPostProcessor needs a"
                    + " ConfigurableListableBeanFactory, got " + beanFactory);
        }
        this.beanFactory = configurable;
        this.expressionResolver = configurable.getBeanExpressionResolver();
        this.expressionContext = new BeanExpressionContext(configurable, null);
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    /**
     * Collects the listener methods of a bean.
     *
     * @param bean the initialized bean
     * @param beanName its name
     * @return the bean, unchanged
     * @throws BeanInitializationException naming the method if a listener annotation is invalid
     */
    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (classesWithoutListeners.contains(targetClass)) {
            return bean;
        }
        Map<Method, Set<MqttListener>> methods = mayDeclareListeners(targetClass)
                ? MethodIntrospector.selectMethods(targetClass, ListenerLookup.INSTANCE) : Map.of();
        if (methods.isEmpty()) {
            classesWithoutListeners.add(targetClass);
            return bean;
        }
        methods.forEach((method, annotations) -> {
            int index = 0;
            for (MqttListener annotation : annotations) {
                add(endpoint(bean, beanName, method, annotation, index++));
            }
        });
        return bean;
    }

    /**
     * Whether a method declared by the class, a superclass or an interface carries a listener annotation, directly
     * or as a meta-annotation: the only methods the type-hierarchy search of {@link ListenerLookup} can find. Reading
     * declared annotations is cheap; the merged search, run on every method of every bean of the application, was
     * most of this post-processor's cost at startup.
     */
    private boolean mayDeclareListeners(Class<?> type) {
        // Interfaces with the interfaces they extend, which ClassUtils.getAllInterfacesForClassAsSet leaves out.
        Set<Class<?>> interfaces = new HashSet<>();
        List<Class<?>> pending = new ArrayList<>();
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            if (declaresListenerMethod(current)) {
                return true;
            }
            pending.addAll(List.of(current.getInterfaces()));
        }
        while (!pending.isEmpty()) {
            Class<?> implemented = pending.remove(pending.size() - 1);
            if (interfaces.add(implemented)) {
                if (declaresListenerMethod(implemented)) {
                    return true;
                }
                pending.addAll(List.of(implemented.getInterfaces()));
            }
        }
        return false;
    }

    private boolean declaresListenerMethod(Class<?> type) {
        if (type.getName().startsWith("java.")) {
            return false;
        }
        for (Method method : ReflectionUtils.getDeclaredMethods(type)) {
            for (Annotation annotation : method.getDeclaredAnnotations()) {
                if (isListenerAnnotation(annotation.annotationType())) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean isListenerAnnotation(Class<? extends Annotation> type) {
        if (type == MqttListener.class || type == MqttListeners.class) {
            return true;
        }
        if (type.getName().startsWith("java.")) {
            return false;
        }
        Boolean composed = listenerAnnotationTypes.get(type);
        if (composed == null) {
            composed = AnnotatedElementUtils.hasAnnotation(type, MqttListener.class)
                    || AnnotatedElementUtils.hasAnnotation(type, MqttListeners.class);
            listenerAnnotationTypes.put(type, composed);
        }
        return composed;
    }

    /**
     * The listener annotations of a method, or null. A named class rather than a lambda, which a cold start would
     * spin; and the merged repeatable search, costly on its first use, runs only on methods that carry either
     * annotation, directly or as a meta-annotation, which is all it could find.
     */
    private static final class ListenerLookup implements MethodIntrospector.MetadataLookup<Set<MqttListener>> {

        static final ListenerLookup INSTANCE = new ListenerLookup();

        @Override
        public Set<MqttListener> inspect(Method method) {
            if (!AnnotatedElementUtils.hasAnnotation(method, MqttListener.class)
                    && !AnnotatedElementUtils.hasAnnotation(method, MqttListeners.class)) {
                return null;
            }
            Set<MqttListener> listeners = AnnotatedElementUtils.findMergedRepeatableAnnotations(method,
                    MqttListener.class, MqttListeners.class);
            return listeners.isEmpty() ? null : listeners;
        }
    }

    private synchronized void add(MqttListenerEndpoint endpoint) {
        if (!ids.add(endpoint.id())) {
            throw new BeanInitializationException("@MqttListener on " + MqttListenerEndpoint.describe(endpoint.method())
                    + ": another listener already has the id '" + endpoint.id() + "'");
        }
        endpoints.add(endpoint);
    }

    private MqttListenerEndpoint endpoint(Object bean, String beanName, Method method, MqttListener annotation,
            int index) {
        String where = "@MqttListener on " + MqttListenerEndpoint.describe(method);
        try {
            String id = resolveString(annotation.id());
            if (!StringUtils.hasText(id)) {
                id = beanName + "." + method.getName() + (index == 0 ? "" : "#" + index);
            }
            MqttListenerEndpoint.Builder builder = MqttListenerEndpoint.builder(id, bean, method)
                    .topics(resolveStrings(annotation.topics()).toArray(String[]::new))
                    .group(resolveString(annotation.group()))
                    .qos(resolveInt(annotation.qos(), 1, "qos"))
                    .concurrency(resolveInt(annotation.concurrency(), 1, "concurrency"))
                    .autoStartup(resolveBoolean(annotation.autoStartup()));
            String errorHandler = resolveString(annotation.errorHandler());
            if (StringUtils.hasText(errorHandler)) {
                if (!beanFactory.containsBean(errorHandler)) {
                    throw new IllegalArgumentException("there is no error handler bean named '" + errorHandler + "'");
                }
                builder.errorHandler(beanFactory.getBean(errorHandler, MqttListenerErrorHandler.class));
            }
            SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
            if (sendTo != null) {
                if (sendTo.value().length != 1) {
                    throw new IllegalArgumentException("@SendTo must name exactly one topic");
                }
                builder.replyTopic(resolveString(sendTo.value()[0]));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new BeanInitializationException(message.startsWith("@MqttListener") ? message
                    : where + ": " + message, e);
        }
    }

    private Object resolve(String value) {
        String resolved = beanFactory.resolveEmbeddedValue(value);
        if (resolved != null && expressionResolver != null && resolved.contains("#{")) {
            return expressionResolver.evaluate(resolved, expressionContext);
        }
        return resolved;
    }

    private String resolveString(String value) {
        Object resolved = resolve(value);
        return resolved == null ? null : resolved.toString();
    }

    /** Resolves each value; an expression may yield several topics as an array or a collection. */
    private List<String> resolveStrings(String[] values) {
        List<String> result = new ArrayList<>();
        for (String value : values) {
            Object resolved = resolve(value);
            if (resolved instanceof String[] array) {
                result.addAll(List.of(array));
            } else if (resolved instanceof Collection<?> collection) {
                collection.forEach(element -> result.add(String.valueOf(element)));
            } else if (resolved != null) {
                result.add(resolved.toString());
            }
        }
        return result;
    }

    private int resolveInt(String value, int defaultValue, String attribute) {
        String resolved = resolveString(value);
        if (!StringUtils.hasText(resolved)) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(resolved.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(attribute + " '" + resolved + "' is not a number");
        }
    }

    private boolean resolveBoolean(String value) {
        String resolved = resolveString(value);
        if (!StringUtils.hasText(resolved)) {
            return true;
        }
        if (!resolved.trim().equalsIgnoreCase("true") && !resolved.trim().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("autoStartup '" + resolved + "' is neither true nor false");
        }
        return Boolean.parseBoolean(resolved.trim());
    }

    /**
     * Registers every collected endpoint with the registry bean.
     *
     * @throws BeanInitializationException if the registry refuses an endpoint (e.g. {@code @SendTo} without a
     *     template)
     */
    @Override
    public void afterSingletonsInstantiated() {
        List<MqttListenerEndpoint> collected;
        synchronized (this) {
            collected = List.copyOf(endpoints);
            endpoints.clear();
        }
        if (collected.isEmpty()) {
            return;
        }
        MqttListenerEndpointRegistry registry = beanFactory.getBean(MqttListenerEndpointRegistry.class);
        for (MqttListenerEndpoint endpoint : collected) {
            try {
                registry.registerListener(endpoint);
            } catch (IllegalArgumentException e) {
                throw new BeanInitializationException(e.getMessage(), e);
            }
        }
    }
}
