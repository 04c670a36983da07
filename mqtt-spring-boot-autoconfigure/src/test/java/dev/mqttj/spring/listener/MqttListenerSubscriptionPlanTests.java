package dev.mqttj.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The plan that keeps a connection's subscriptions from overlapping. */
class MqttListenerSubscriptionPlanTests {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(nullValues = "none", value = {
            "a/b, a/b, a/b",
            "a/+, a/#, a/#",
            "a/+/c, a/b/+, a/+/+",
            "a, a/#, a/#",
            "a/b, a/c, none",
            "a/b, a/b/c, none",
            "#, $SYS/x, none",
            "+/x, $app/x, none",
            "$app/+, $app/x, $app/+",
            "$share/g/a/+, a/b, none",
            "$share/g/a/+, $share/h/a/b, none",
            "$share/g/a/+, $share/g/a/b, $share/g/a/+" })
    void coversTwoFiltersOnlyWhenTheyOverlap(String a, String b, String cover) {
        assertThat(SubscriptionPlan.cover(a, b)).isEqualTo(cover);
    }

    @Test
    void mergesOverlappingFiltersTransitivelyWithTheHighestQos() {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        wanted.put("s/+/t", 0);
        wanted.put("s/x/+", 1);
        wanted.put("s/#", 2);
        wanted.put("other", 0);
        assertThat(SubscriptionPlan.of(wanted)).isEqualTo(Map.of("s/#", 2, "other", 0));
    }
}
