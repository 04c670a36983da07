package dev.mqttj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.internal.MqttStrings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The decoder checks topic names and filters on their bytes and trusts the result: the byte checks must
 * accept exactly the ASCII strings the char checks of the public constructors accept. Checked on every
 * string of up to six symbols over an alphabet holding each character the rules treat specially.
 */
class TopicBytesRulesTest {
    /** 'é' stands for any non-ASCII character, which the byte check hands to the char check. */
    private static final String[] ALPHABET = {"a", "/", "+", "#", "\0", "é"};
    private static final int MAX_SYMBOLS = 6;

    private static List<String> allStrings() {
        List<String> all = new ArrayList<>();
        all.add("");
        List<String> previous = List.of("");
        for (int length = 1; length <= MAX_SYMBOLS; length++) {
            List<String> next = new ArrayList<>();
            for (String prefix : previous) {
                for (String symbol : ALPHABET) {
                    next.add(prefix + symbol);
                }
            }
            all.addAll(next);
            previous = next;
        }
        return all;
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    @Test
    void nameBytesAgreeWithTheNameRules() {
        int accepted = acceptedWhereBytesAndCharsAgree("xy", "z", TopicRules::isAsciiName, MqttStrings::nameProblem);
        assertThat(accepted).isEqualTo(2 + 4 + 8 + 16 + 32 + 64); // every non-empty string of 'a' and '/'
    }

    @Test
    void filterBytesAgreeWithTheFilterRules() {
        // Neighbours that would change the verdict if the check looked outside its range.
        int accepted = acceptedWhereBytesAndCharsAgree("/x", "#", TopicRules::isAsciiFilter, MqttStrings::filterProblem);
        assertThat(accepted).isGreaterThan(200);
    }

    /** The byte check on a string padded on both sides, one of the topic rules on its chars. */
    private interface ByteCheck {
        boolean valid(byte[] bytes, int from, int to);
    }

    /**
     * Asserts, for every string of {@link #allStrings()}, that the byte check accepts it exactly when the
     * char rules do and it is ASCII; returns how many it accepted.
     */
    private static int acceptedWhereBytesAndCharsAgree(String before, String after, ByteCheck bytes,
            Function<String, String> problem) {
        int accepted = 0;
        for (String s : allStrings()) {
            byte[] padded = (before + s + after).getBytes(StandardCharsets.UTF_8);
            boolean bytesSayValid = bytes.valid(padded, before.length(), padded.length - after.length());
            assertThat(bytesSayValid).as("'%s'", s).isEqualTo(problem.apply(s) == null && isAscii(s));
            accepted += bytesSayValid ? 1 : 0;
        }
        return accepted;
    }

    /**
     * The checks read eight bytes at a time, the last word overlapping the one before: every special
     * character at every position of strings long enough for several words, and random strings up to 40 symbols.
     */
    @Test
    void longStringsAgreeWhereverTheSpecialCharacterSits() {
        List<String> samples = new ArrayList<>();
        String[] specials = {"+", "#", "\0", "é", " ", "!", "*", ",", "-", "\u007f"};
        for (int length = 1; length <= 27; length++) {
            for (int at = 0; at < length; at++) {
                for (String special : specials) {
                    samples.add("a".repeat(at) + special + "a".repeat(length - at - 1));
                    samples.add("a/".repeat(length).substring(0, at) + special + "/" + "a".repeat(length - at));
                }
            }
        }
        Random random = new Random(20261126);
        String[] alphabet = {"a", "/", "+", "#", "\0", "é", "z", "-", "$", "$share/"};
        for (int n = 0; n < 100_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(41);
            for (int i = 0; i < length; i++) {
                // Mostly plain characters, so that long valid strings come up too.
                s.append(random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : "a");
            }
            samples.add(s.toString());
        }
        int validNames = 0;
        int validFilters = 0;
        int validSharedFilters = 0;
        for (String s : samples) {
            byte[] padded = ("/x" + s + "#").getBytes(StandardCharsets.UTF_8);
            boolean name = TopicRules.isAsciiName(padded, 2, padded.length - 1);
            boolean filter = TopicRules.isAsciiFilter(padded, 2, padded.length - 1);
            assertThat(name).as("name '%s'", s).isEqualTo(MqttStrings.nameProblem(s) == null && isAscii(s));
            assertThat(filter).as("filter '%s'", s).isEqualTo(MqttStrings.filterProblem(s) == null && isAscii(s));
            validNames += name ? 1 : 0;
            validFilters += filter ? 1 : 0;
            validSharedFilters += filter && s.startsWith(MqttStrings.SHARE_PREFIX) ? 1 : 0;
        }
        assertThat(validNames).isGreaterThan(1000);
        assertThat(validFilters).isGreaterThan(1000);
        assertThat(validSharedFilters).isGreaterThan(100);
    }

    @Test
    void decodedTopicsAndFiltersKeepTheirNonAsciiCharacters() throws Exception {
        Subscribe subscribe = new Subscribe(7, List.of(new Subscription("día/+/größe", 1), new Subscription("#", 0)));
        assertThat(PacketDecoder.decode(PacketEncoder.encode(subscribe))).isEqualTo(subscribe);

        Publish publish = new Publish(new Message("día/größe/☃", new byte[] {1}, 1, false), false, 9);
        assertThat(PacketDecoder.decode(PacketEncoder.encode(publish))).isEqualTo(publish);
    }
}
