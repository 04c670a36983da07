package dev.mqttj.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java code block of README.md compiles against the project's jars: statements inside a method, classes
 * and annotated methods inside a class, with the few names the snippets take as given declared around them.
 */
class ReadmeSnippetsTest {

    private static final String PREAMBLE = String.join("\n",
            "import dev.mqttj.client.*;",
            "import dev.mqttj.packet.*;",
            "import dev.mqttj.spring.annotation.*;",
            "import dev.mqttj.spring.core.*;",
            "import java.nio.charset.StandardCharsets;",
            "import java.time.Duration;",
            "import java.util.concurrent.*;",
            "import org.springframework.messaging.handler.annotation.*;",
            "import org.springframework.stereotype.Component;",
            "",
            "class %s {",
            "    record Reading(String sensor, double celsius) {}",
            "    record Command(String value) {}",
            "    record Job(String id) {}",
            "    record JobResult(String id, String status) {}",
            "    Client client;",
            "    Service service;",
            "    MqttTemplate template;",
            "    Config config;",
            "    byte[] payload;",
            "    byte[] bytes;",
            "    Object order;",
            "    ExecutorService workers;",
            "    void process(Message message) {}",
            "    void store(String sensor, Reading reading, boolean retained) {}",
            "");

    @TempDir
    Path output;

    @Test
    void everyJavaBlockCompiles() throws IOException {
        List<String> blocks = javaBlocks(Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8));
        assertThat(blocks).as("README's Java blocks").hasSizeGreaterThanOrEqualTo(5);
        List<JavaFileObject> sources = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            String name = "ReadmeSnippet" + (i + 1);
            String block = blocks.get(i);
            boolean declarations = block.contains("class ") || block.stripLeading().startsWith("@");
            String body = declarations ? block : "    void snippet() throws Exception {\n" + block + "\n    }";
            sources.add(new Source(name, String.format(PREAMBLE, name) + body + "\n}\n"));
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean compiled = compiler.getTask(null, files, diagnostics,
                    List.of("-classpath", classPath, "-d", output.toString(), "-proc:none"), null, sources).call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
                if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(diagnostic.getSource().getName() + ":" + diagnostic.getLineNumber() + ": "
                            + diagnostic.getMessage(Locale.ROOT));
                }
            }
            assertThat(errors).as("compile errors in README's Java blocks").isEmpty();
            assertThat(compiled).isTrue();
        }
    }

    private static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        int at = 0;
        while ((at = markdown.indexOf("```java\n", at)) >= 0) {
            int start = at + "```java\n".length();
            int end = markdown.indexOf("\n```", start);
            blocks.add(markdown.substring(start, end));
            at = end + 4;
        }
        return blocks;
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className + ".java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
