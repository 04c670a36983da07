package dev.mqttj.spring.listener.internal;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Direct calls of listener methods: for a method of up to {@value #MAX_ARITY} parameters, a class generated with
 * {@link LambdaMetafactory} that calls it as compiled code would, so that the JIT can inline the listener into
 * the dispatch; {@link Method#invoke} costs an argument array, a varargs check per call and a call the JIT cannot
 * see through, which on a short listener is a fifth of the whole dispatch.
 *
 * <p>Not an API: public because the generated classes live in the listener bean's package and must see these
 * interfaces.
 */
public final class MethodCalls {

    /** The most parameters a generated call takes; a longer method is called by reflection. */
    public static final int MAX_ARITY = 4;

    private MethodCalls() {
    }

    /** A call of a method without parameters on a target object; returns null for a void method. */
    @FunctionalInterface
    public interface Call0 {

        /**
         * Calls the method.
         *
         * @param target the object to call it on
         * @return the method's result
         * @throws Exception what the method throws
         */
        Object call(Object target) throws Exception;
    }

    /** A call of a method of one parameter; returns null for a void method. */
    @FunctionalInterface
    public interface Call1 {

        /**
         * Calls the method.
         *
         * @param target the object to call it on
         * @param a the first argument
         * @return the method's result
         * @throws Exception what the method throws
         */
        Object call(Object target, Object a) throws Exception;
    }

    /** A call of a method of two parameters; returns null for a void method. */
    @FunctionalInterface
    public interface Call2 {

        /**
         * Calls the method.
         *
         * @param target the object to call it on
         * @param a the first argument
         * @param b the second argument
         * @return the method's result
         * @throws Exception what the method throws
         */
        Object call(Object target, Object a, Object b) throws Exception;
    }

    /** A call of a method of three parameters; returns null for a void method. */
    @FunctionalInterface
    public interface Call3 {

        /**
         * Calls the method.
         *
         * @param target the object to call it on
         * @param a the first argument
         * @param b the second argument
         * @param c the third argument
         * @return the method's result
         * @throws Exception what the method throws
         */
        Object call(Object target, Object a, Object b, Object c) throws Exception;
    }

    /** A call of a method of four parameters; returns null for a void method. */
    @FunctionalInterface
    public interface Call4 {

        /**
         * Calls the method.
         *
         * @param target the object to call it on
         * @param a the first argument
         * @param b the second argument
         * @param c the third argument
         * @param d the fourth argument
         * @return the method's result
         * @throws Exception what the method throws
         */
        Object call(Object target, Object a, Object b, Object c, Object d) throws Exception;
    }

    /** As {@link Call0} for a void method: the generated class cannot turn "no result" into null itself. */
    @FunctionalInterface
    public interface VoidCall0 {

        /**
         * Calls the method.
         *
         * @param target the object to call it on
         * @throws Exception what the method throws
         */
        void call(Object target) throws Exception;
    }

    /** As {@link Call1} for a void method. */
    @FunctionalInterface
    public interface VoidCall1 {

        /**
         * Calls the method.
         *
         * @param target the object to call it on
         * @param a the first argument
         * @throws Exception what the method throws
         */
        void call(Object target, Object a) throws Exception;
    }

    /** As {@link Call2} for a void method. */
    @FunctionalInterface
    public interface VoidCall2 {

        /**
         * Calls the method.
         *
         * @param target the object to call it on
         * @param a the first argument
         * @param b the second argument
         * @throws Exception what the method throws
         */
        void call(Object target, Object a, Object b) throws Exception;
    }

    /** As {@link Call3} for a void method. */
    @FunctionalInterface
    public interface VoidCall3 {

        /**
         * Calls the method.
         *
         * @param target the object to call it on
         * @param a the first argument
         * @param b the second argument
         * @param c the third argument
         * @throws Exception what the method throws
         */
        void call(Object target, Object a, Object b, Object c) throws Exception;
    }

    /** As {@link Call4} for a void method. */
    @FunctionalInterface
    public interface VoidCall4 {

        /**
         * Calls the method.
         *
         * @param target the object to call it on
         * @param a the first argument
         * @param b the second argument
         * @param c the third argument
         * @param d the fourth argument
         * @throws Exception what the method throws
         */
        void call(Object target, Object a, Object b, Object c, Object d) throws Exception;
    }

    private static final Class<?>[] CALLS = {Call0.class, Call1.class, Call2.class, Call3.class, Call4.class};
    private static final Class<?>[] VOID_CALLS = {VoidCall0.class, VoidCall1.class, VoidCall2.class,
        VoidCall3.class, VoidCall4.class};

    /**
     * Generates a direct call of an instance method: an instance of {@code Call<n>} or, for a void method,
     * {@code VoidCall<n>}, where n is the method's parameter count.
     *
     * @param method an instance method of at most {@value #MAX_ARITY} parameters
     * @return the call
     * @throws ReflectiveOperationException if the method cannot be called this way: a static method, too many
     *     parameters, no private access to its class from here (a named module that does not open its
     *     package, a different unnamed module), or a runtime that cannot define classes (a native image); the
     *     caller then calls it by reflection
     */
    public static Object generate(Method method) throws ReflectiveOperationException {
        int arity = method.getParameterCount();
        if (arity > MAX_ARITY || Modifier.isStatic(method.getModifiers())) {
            throw new NoSuchMethodException("no direct call for " + method + ": static or more than " + MAX_ARITY
                    + " parameters");
        }
        boolean isVoid = method.getReturnType() == void.class;
        Class<?> callType = (isVoid ? VOID_CALLS : CALLS)[arity];
        Class<?> owner = method.getDeclaringClass();
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
            MethodHandle target = lookup.unreflect(method);
            MethodType erased = MethodType.genericMethodType(arity + 1);
            if (isVoid) {
                erased = erased.changeReturnType(void.class);
            }
            // The instantiated type is the method's own (boxed), so the generated class casts each argument
            // to it and a wrong argument fails as a ClassCastException naming the types.
            MethodType instantiated = target.type().wrap();
            if (isVoid) {
                instantiated = instantiated.changeReturnType(void.class);
            }
            return LambdaMetafactory.metafactory(lookup, "call", MethodType.methodType(callType),
                    erased, target, instantiated).getTarget().invoke();
        } catch (ReflectiveOperationException e) {
            throw e;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // LambdaConversionException, a LinkageError, or a runtime that cannot define classes at run time.
            throw (ReflectiveOperationException) new IllegalAccessException("no direct call for " + method + ": "
                    + e).initCause(e);
        }
    }
}
