package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * README's property reference and the configuration metadata the build generates list the same properties with
 * the same defaults, so the documentation cannot drift from the code.
 */
class ReadmePropertyReferenceTests {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.\\-\\[\\]]+)` \\| (?:`([^`]*)`)? \\|", Pattern.MULTILINE);

    @Test
    void everyPropertyIsDocumentedWithItsDefault() throws IOException {
        assertThat(readme()).isEqualTo(metadata());
    }

    private static Map<String, String> metadata() throws IOException {
        JsonNode root = JsonMapper.builder().build()
                .readTree(Files.readString(Paths.get("target", "classes", "META-INF", "spring-configuration-metadata.json")));
        Map<String, String> properties = new TreeMap<>();
        for (JsonNode property : root.get("properties")) {
            JsonNode value = property.get("defaultValue");
            properties.put(property.get("name").asString(), value == null || value.isNull() ? "" : value.asString());
        }
        return properties;
    }

    private static Map<String, String> readme() throws IOException {
        String text = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = text.indexOf("## Property reference");
        assertThat(start).as("README has a property reference").isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        Matcher row = ROW.matcher(text.substring(start, end < 0 ? text.length() : end));
        Map<String, String> properties = new TreeMap<>();
        while (row.find()) {
            properties.put(row.group(1), row.group(2) == null ? "" : row.group(2));
        }
        return properties;
    }
}
