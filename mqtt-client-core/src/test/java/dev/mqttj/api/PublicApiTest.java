package dev.mqttj.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the public API the way an API dump does: every public type and member of the exported packages is
 * listed in {@code api/mqtt-client-core.api}, and a change to the API fails this test until the listing is
 * updated with it ({@code mvn -pl mqtt-client-core test -Dtest=PublicApiTest -Dapi.update=true}), so every API
 * change shows up in review.
 */
class PublicApiTest {

    private static final Path LISTING = Paths.get("api", "mqtt-client-core.api");
    private static final Path CLASSES = Paths.get("target", "classes");
    private static final Set<String> EXPORTED = Set.of("dev.mqttj.client", "dev.mqttj.packet", "dev.mqttj.session",
            "dev.mqttj.topic", "dev.mqttj.transport");

    @Test
    void theModuleExportsTheApiPackagesOnly() throws IOException {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertThat(descriptor.name()).isEqualTo("dev.mqttj.core");
        assertThat(descriptor.exports()).allSatisfy(export -> assertThat(export.isQualified()).isFalse());
        assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source))
                .containsExactlyInAnyOrderElementsOf(EXPORTED);
        assertThat(descriptor.requires().stream().map(ModuleDescriptor.Requires::name))
                .containsExactlyInAnyOrder("java.base", "java.net.http");
    }

    @Test
    void thePublicApiMatchesTheCommittedListing() throws Exception {
        String actual = String.join("\n", listing()) + "\n";
        if (Boolean.getBoolean("api.update")) {
            Files.createDirectories(LISTING.getParent());
            Files.writeString(LISTING, actual, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(LISTING) ? Files.readString(LISTING, StandardCharsets.UTF_8) : "";
        assertThat(actual).as("public API of mqtt-client-core; if the change is intended, update %s with"
                + " -Dapi.update=true and commit it", LISTING).isEqualTo(committed);
    }

    private static List<String> listing() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String className : exportedClassNames()) {
            Class<?> type = Class.forName(className, false, PublicApiTest.class.getClassLoader());
            if (!isVisible(type)) {
                continue;
            }
            lines.add(describe(type));
            Set<String> members = new TreeSet<>();
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (isApi(constructor)) {
                    members.add("  " + constructor.toGenericString());
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                if (isApi(method) && !method.isSynthetic() && !method.isBridge()) {
                    members.add("  " + method.toGenericString());
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (isApi(field) && !field.isSynthetic()) {
                    members.add("  " + field.toGenericString());
                }
            }
            lines.addAll(members);
        }
        return lines;
    }

    private static List<String> exportedClassNames() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> CLASSES.relativize(file).toString().replace('/', '.').replace('\\', '.'))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .filter(name -> name.lastIndexOf('.') > 0 && EXPORTED.contains(name.substring(0, name.lastIndexOf('.'))))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) && !Modifier.isProtected(t.getModifiers())) {
                return false;
            }
        }
        return !type.isAnonymousClass() && !type.isSynthetic();
    }

    private static boolean isApi(Member member) {
        int modifiers = member.getModifiers();
        return Modifier.isPublic(modifiers)
                || Modifier.isProtected(modifiers) && !Modifier.isFinal(member.getDeclaringClass().getModifiers());
    }

    private static String describe(Class<?> type) {
        StringBuilder line = new StringBuilder(type.toGenericString());
        if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
                && !type.isRecord()) {
            line.append(" extends ").append(type.getGenericSuperclass().getTypeName());
        }
        if (type.getGenericInterfaces().length > 0) {
            line.append(type.isInterface() ? " extends " : " implements ");
            line.append(Stream.of(type.getGenericInterfaces()).map(java.lang.reflect.Type::getTypeName)
                    .collect(Collectors.joining(", ")));
        }
        return line.toString();
    }
}
