package dev.mqttj.client;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Parses durations written the way gomqtt's configs write them ({@code "30s"}, {@code "1m30s"},
 * {@code "250ms"}, {@code "1.5h"}), following Go's {@code time.ParseDuration}: a sequence of
 * decimal numbers each with a unit of ns, us, µs, ms, s, m or h. ISO-8601 text ({@code "PT30S"})
 * is accepted too, since Java users write it.
 */
final class GoDurations {

    private GoDurations() {
    }

    static Duration parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        String s = text.trim();
        if (s.startsWith("P") || s.startsWith("p") || s.startsWith("-P")) {
            try {
                return Duration.parse(s);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(field + " '" + text + "' is not a valid ISO-8601 duration", e);
            }
        }
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (s.equals("0") || (i == 1 && s.substring(1).equals("0"))) {
            return Duration.ZERO;
        }
        if (i >= s.length()) {
            throw invalid(field, text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw invalid(field, text);
            }
            BigDecimal number;
            try {
                number = new BigDecimal(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw invalid(field, text);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unitNanos = unitNanos(s.substring(unitStart, i));
            if (unitNanos < 0) {
                throw invalid(field, text);
            }
            nanos = nanos.add(number.multiply(BigDecimal.valueOf(unitNanos)));
        }
        try {
            long value = nanos.longValueExact();
            return Duration.ofNanos(negative ? -value : value);
        } catch (ArithmeticException e) {
            // A fraction of a nanosecond or an overflow: truncate as Go does, or fail on overflow.
            if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException(field + " '" + text + "' is too large");
            }
            long value = nanos.longValue();
            return Duration.ofNanos(negative ? -value : value);
        }
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "ns":
                return 1L;
            case "us":
            case "µs":
            case "μs":
                return 1_000L;
            case "ms":
                return 1_000_000L;
            case "s":
                return 1_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "h":
                return 3_600_000_000_000L;
            default:
                return -1;
        }
    }

    private static IllegalArgumentException invalid(String field, String text) {
        return new IllegalArgumentException(field + " '" + text
                + "' is not a duration; write e.g. \"30s\", \"1m30s\", \"250ms\" or \"PT30S\"");
    }
}
