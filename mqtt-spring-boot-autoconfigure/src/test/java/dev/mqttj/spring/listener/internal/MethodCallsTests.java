package dev.mqttj.spring.listener.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;

/** Generated calls behave as the methods called directly: arguments, results, exceptions, proxies. */
class MethodCallsTests {

    /** Package-private, with methods of every visibility, as listener beans often are. */
    static class Target {

        final List<Object> calls = new ArrayList<>();

        void none() {
            calls.add("none");
        }

        private String privateOne(String a) {
            calls.add(a);
            return "private " + a;
        }

        int primitives(int a, long b) {
            return a + (int) b;
        }

        public void three(Object a, String b, Integer c) {
            calls.add(List.of(a, b, c));
        }

        protected List<Object> four(Object a, Object b, Object c, Object d) {
            return List.of(a, b, c, d);
        }

        void five(Object a, Object b, Object c, Object d, Object e) {
        }

        static void statically() {
        }

        void fails(String message) throws IOException {
            throw new IOException(message);
        }
    }

    private final Target target = new Target();

    @Test
    void callsMethodsOfEveryVisibilityAndArity() throws Exception {
        ((MethodCalls.VoidCall0) MethodCalls.generate(method("none"))).call(target);
        Object privateResult = ((MethodCalls.Call1) MethodCalls.generate(method("privateOne"))).call(target, "x");
        ((MethodCalls.VoidCall3) MethodCalls.generate(method("three"))).call(target, 1, "b", 3);
        Object four = ((MethodCalls.Call4) MethodCalls.generate(method("four"))).call(target, 1, 2, 3, 4);

        assertThat(target.calls).containsExactly("none", "x", List.of(1, "b", 3));
        assertThat(privateResult).isEqualTo("private x");
        assertThat(four).isEqualTo(List.of(1, 2, 3, 4));
    }

    @Test
    void boxesAndUnboxesPrimitives() throws Exception {
        Object sum = ((MethodCalls.Call2) MethodCalls.generate(method("primitives"))).call(target, 2, 40L);

        assertThat(sum).isEqualTo(42);
    }

    @Test
    void aWrongArgumentFailsAsACast() throws Exception {
        MethodCalls.Call2 call = (MethodCalls.Call2) MethodCalls.generate(method("primitives"));

        assertThatThrownBy(() -> call.call(target, "2", 40L)).isInstanceOf(ClassCastException.class);
    }

    @Test
    void theMethodsOwnExceptionComesOutUnwrapped() throws Exception {
        MethodCalls.VoidCall1 call = (MethodCalls.VoidCall1) MethodCalls.generate(method("fails"));

        assertThatThrownBy(() -> call.call(target, "broken")).isExactlyInstanceOf(IOException.class)
                .hasMessage("broken");
    }

    @Test
    void aClassProxyIsCalledThroughItsInterceptors() throws Exception {
        List<String> intercepted = new ArrayList<>();
        ProxyFactory factory = new ProxyFactory(target);
        factory.setProxyTargetClass(true);
        factory.addAdvice((MethodInterceptor) invocation -> {
            intercepted.add(invocation.getMethod().getName());
            return invocation.proceed();
        });
        Object proxy = factory.getProxy();

        ((MethodCalls.VoidCall3) MethodCalls.generate(method("three"))).call(proxy, 1, "b", 3);

        assertThat(intercepted).containsExactly("three");
        assertThat(target.calls).containsExactly(List.of(1, "b", 3));
    }

    @Test
    void refusesWhatItCannotCallDirectly() {
        assertThatThrownBy(() -> MethodCalls.generate(method("five"))).isInstanceOf(NoSuchMethodException.class)
                .hasMessageContaining("more than 4 parameters");
        assertThatThrownBy(() -> MethodCalls.generate(method("statically")))
                .isInstanceOf(NoSuchMethodException.class);
    }

    private static Method method(String name) {
        for (Method method : Target.class.getDeclaredMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
