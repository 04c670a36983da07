package dev.mqttj.benchmarks.floor;

/** Fifteen bean types that do nothing, one per conditional bean. */
public final class FloorBeans {

    private FloorBeans() {
    }

    /** A bean that keeps one dependency. */
    public static final class Bean0 {
        private final Object dependency;

        public Bean0(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean1 {
        private final Object dependency;

        public Bean1(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean2 {
        private final Object dependency;

        public Bean2(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean3 {
        private final Object dependency;

        public Bean3(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean4 {
        private final Object dependency;

        public Bean4(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean5 {
        private final Object dependency;

        public Bean5(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean6 {
        private final Object dependency;

        public Bean6(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean7 {
        private final Object dependency;

        public Bean7(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean8 {
        private final Object dependency;

        public Bean8(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean9 {
        private final Object dependency;

        public Bean9(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean10 {
        private final Object dependency;

        public Bean10(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean11 {
        private final Object dependency;

        public Bean11(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean12 {
        private final Object dependency;

        public Bean12(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean13 {
        private final Object dependency;

        public Bean13(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }

    /** A bean that keeps one dependency. */
    public static final class Bean14 {
        private final Object dependency;

        public Bean14(Object dependency) {
            this.dependency = dependency;
        }

        public Object dependency() {
            return dependency;
        }
    }
}
