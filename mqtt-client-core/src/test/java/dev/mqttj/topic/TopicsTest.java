package dev.mqttj.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    /** 65,535 bytes in UTF-8 when the last character is one byte long. */
    private static String utf8Bytes(int count, String unit, int unitBytes) {
        return unit.repeat(count / unitBytes) + "a".repeat(count % unitBytes);
    }

    @Nested
    class CheckName {

        @Test
        void rejectsNullAndEmpty() {
            assertThatThrownBy(() -> Topics.checkName(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic name must not be empty");
            assertThatThrownBy(() -> Topics.checkName("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic name must not be empty");
        }

        @Test
        void rejectsSingleLevelWildcard() {
            assertThatThrownBy(() -> Topics.checkName("a/+/b")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic name contains wildcard '+' at index 2");
        }

        @Test
        void rejectsMultiLevelWildcard() {
            assertThatThrownBy(() -> Topics.checkName("sport/tennis#")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic name contains wildcard '#' at index 12");
        }

        @Test
        void rejectsNullCharacter() {
            assertThatThrownBy(() -> Topics.checkName("a\u0000b")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic name contains U+0000 at index 1");
        }

        @Test
        void rejectsUnpairedSurrogate() {
            assertThatThrownBy(() -> Topics.checkName("a\uD83Db")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired surrogate U+D83D at index 1");
        }

        @Test
        void limitsUtf8LengthNotCharCount() {
            assertThat(Topics.isValidName("a".repeat(65_535))).isTrue();
            assertThatThrownBy(() -> Topics.checkName("a".repeat(65_536)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic name is 65536 bytes long in UTF-8, more than 65535");
            // 'é' is 2 bytes, '€' 3 and an emoji (a surrogate pair) 4.
            assertThat(Topics.isValidName(utf8Bytes(65_535, "é", 2))).isTrue();
            assertThat(Topics.isValidName(utf8Bytes(65_536, "é", 2))).isFalse();
            assertThat(Topics.isValidName(utf8Bytes(65_535, "€", 3))).isTrue();
            assertThat(Topics.isValidName(utf8Bytes(65_536, "€", 3))).isFalse();
            assertThat(Topics.isValidName(utf8Bytes(65_535, "😀", 4))).isTrue();
            assertThat(Topics.isValidName(utf8Bytes(65_536, "😀", 4))).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"a", "/", "//", "a//b", "/finance", "sport/tennis/player1", "$SYS/broker/uptime",
            "température/salle €/😀", " ", "a b"})
        void acceptsValidNames(String topic) {
            Topics.checkName(topic);
            assertThat(Topics.isValidName(topic)).isTrue();
        }
    }

    @Nested
    class CheckFilter {

        @Test
        void rejectsNullAndEmpty() {
            assertThatThrownBy(() -> Topics.checkFilter(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic filter must not be empty");
            assertThatThrownBy(() -> Topics.checkFilter("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic filter must not be empty");
        }

        @ParameterizedTest
        @ValueSource(strings = {"sport/tennis/#", "sport/#", "#", "+", "+/tennis/#", "sport/+/player1", "+/+", "/+",
            "a//b", "+/", "/#", "//#", "$SYS/#", "€/😀/+"})
        void acceptsWildcardsThatOccupyWholeLevels(String filter) {
            Topics.checkFilter(filter);
            assertThat(Topics.isValidFilter(filter)).isTrue();
        }

        @Test
        void rejectsMultiLevelWildcardInsideALevel() {
            assertThatThrownBy(() -> Topics.checkFilter("sport/tennis#")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic filter has '#' at index 12 that is not a whole last level");
        }

        @Test
        void rejectsMultiLevelWildcardBeforeTheLastLevel() {
            assertThatThrownBy(() -> Topics.checkFilter("sport/tennis/#/ranking"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic filter has '#' at index 13 that is not a whole last level");
        }

        @Test
        void rejectsSingleLevelWildcardInsideALevel() {
            assertThatThrownBy(() -> Topics.checkFilter("sport+")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic filter has '+' at index 5 that does not fill a whole level");
            assertThat(Topics.isValidFilter("+sport")).isFalse();
            assertThat(Topics.isValidFilter("a/++")).isFalse();
            assertThat(Topics.isValidFilter("a/+#")).isFalse();
        }

        @Test
        void rejectsNullCharacter() {
            assertThatThrownBy(() -> Topics.checkFilter("a/\u0000")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic filter contains U+0000 at index 2");
        }

        @Test
        void limitsUtf8Length() {
            assertThat(Topics.isValidFilter(utf8Bytes(65_533, "€", 3) + "/#")).isTrue();
            assertThatThrownBy(() -> Topics.checkFilter(utf8Bytes(65_534, "€", 3) + "/#"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic filter is 65536 bytes long in UTF-8, more than 65535");
        }

        @ParameterizedTest
        @ValueSource(strings = {"$share/g/a/b", "$share/group/#", "$share/g/+/x", "$share/g//", "$share/€/a"})
        void acceptsSharedFilters(String filter) {
            Topics.checkFilter(filter);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "$share/g          | topic filter has no topic filter after its shared subscription group",
            "$share//a         | topic filter has an empty shared subscription group",
            "$share/g/         | topic filter has no topic filter after its shared subscription group",
            "$share/g+/a       | topic filter has wildcard '+' at index 8 in its shared subscription group",
            "$share/#/a        | topic filter has wildcard '#' at index 7 in its shared subscription group",
            "$share/g/a#       | topic filter has '#' at index 10 that is not a whole last level",
            "$share/g/#/a      | topic filter has '#' at index 9 that is not a whole last level",
        })
        void rejectsInvalidSharedFilters(String filter, String message) {
            assertThatThrownBy(() -> Topics.checkFilter(filter)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(message);
        }

        @Test
        void treatsShareWithoutSlashAsAPlainLevel() {
            assertThat(Topics.isValidFilter("$share")).isTrue();
            assertThat(Topics.isValidFilter("$shared/+")).isTrue();
        }
    }

    @Nested
    class Matches {

        @ParameterizedTest(name = "{0} matches {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // MQTT 3.1.1 section 4.7.1.2
            "sport/tennis/player1/# | sport/tennis/player1",
            "sport/tennis/player1/# | sport/tennis/player1/ranking",
            "sport/tennis/player1/# | sport/tennis/player1/score/wimbledon",
            "sport/#                | sport",
            "sport/tennis/#         | sport/tennis/x",
            "\"#\"                    | sport/tennis",
            "\"#\"                    | /",
            // 4.7.1.3
            "sport/tennis/+         | sport/tennis/player1",
            "sport/tennis/+         | sport/tennis/player2",
            "sport/+                | sport/",
            "+                      | sport",
            "+/+                    | /finance",
            "/+                     | /finance",
            "+/tennis/#             | sport/tennis/player1",
            "+/tennis/#             | sport/tennis",
            // 4.7.2
            "$SYS/#                 | $SYS/x",
            "$SYS/#                 | $SYS",
            "$SYS/monitor/+         | $SYS/monitor/Clients",
            "$SYS/+/Clients         | $SYS/monitor/Clients",
            // empty levels
            "a//b                   | a//b",
            "a/+/b                  | a//b",
            "+/+/+                  | //",
            "a/#                    | a/",
            // unicode
            "température/+/😀        | température/salle €/😀",
            "€/#                    | €/a/b",
            // shared filters match by their inner filter
            "$share/g/sport/+       | sport/tennis",
            "$share/g/#             | a/b",
        })
        void matching(String filter, String topic) {
            assertThat(Topics.matches(filter, topic)).isTrue();
        }

        @ParameterizedTest(name = "{0} does not match {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "sport/tennis/+         | sport/tennis/player1/ranking",
            "sport/tennis/+         | sport/tennis",
            "sport/+                | sport",
            "+                      | /finance",
            "sport/tennis/player1/# | sport/tennis/player",
            "sport/tennis/player1/# | sport/tennis/player10",
            "sport                  | sport/",
            "sport/                 | sport",
            "a/b                    | a/bc",
            "a/bc                   | a/b",
            "a//b                   | a/b",
            // wildcards in the first level never match topics starting with '$'
            "\"#\"                    | $SYS/x",
            "\"#\"                    | $SYS",
            "+/monitor/Clients      | $SYS/monitor/Clients",
            "+                      | $SYS",
            "$share/g/#             | $SYS/x",
            "$SYS/#                 | SYS/x",
            // case-sensitive
            "Sport                  | sport",
            "€                      | £",
            "$share/g/a             | b",
        })
        void notMatching(String filter, String topic) {
            assertThat(Topics.matches(filter, topic)).isFalse();
        }

        @Test
        void comparesNonWholeLevelWildcardsLiterally() {
            assertThat(Topics.matches("a+", "a+")).isTrue();
            assertThat(Topics.matches("a+", "ab")).isFalse();
            assertThat(Topics.matches("a/#x", "a/#x")).isTrue();
        }

        @Test
        void sharedFilterWithoutGroupSeparatorMatchesNothing() {
            assertThat(Topics.matches("$share/g", "$share/g")).isFalse();
        }

        @Test
        void rejectsNullArguments() {
            assertThatNullPointerException().isThrownBy(() -> Topics.matches(null, "a")).withMessage("filter");
            assertThatNullPointerException().isThrownBy(() -> Topics.matches("a", null)).withMessage("topic");
        }
    }
}
