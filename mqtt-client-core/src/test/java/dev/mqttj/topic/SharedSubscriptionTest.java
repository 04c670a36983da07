package dev.mqttj.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class SharedSubscriptionTest {

    @Test
    void parsesGroupAndInnerFilter() {
        assertThat(SharedSubscription.parse("$share/g/a/b")).contains(new SharedSubscription("g", "a/b"));
        assertThat(SharedSubscription.parse("$share/workers/sensors/+/temp"))
                .contains(new SharedSubscription("workers", "sensors/+/temp"));
        assertThat(SharedSubscription.parse("$share/g/#")).contains(new SharedSubscription("g", "#"));
        assertThat(SharedSubscription.parse("$share/g//")).contains(new SharedSubscription("g", "/"));
    }

    @Test
    void returnsEmptyForPlainFilters() {
        assertThat(SharedSubscription.parse("a/b")).isEmpty();
        assertThat(SharedSubscription.parse("$share")).isEmpty();
        assertThat(SharedSubscription.parse("$shared/g/a")).isEmpty();
        assertThat(SharedSubscription.parse("$SYS/#")).isEmpty();
    }

    @Test
    void rejectsMalformedSharedFilters() {
        assertThatIllegalArgumentException().isThrownBy(() -> SharedSubscription.parse("$share/g"))
                .withMessage("topic filter has no topic filter after its shared subscription group");
        assertThatIllegalArgumentException().isThrownBy(() -> SharedSubscription.parse("$share//a"))
                .withMessage("topic filter has an empty shared subscription group");
        assertThatIllegalArgumentException().isThrownBy(() -> SharedSubscription.parse("$share/g+/a"))
                .withMessage("topic filter has wildcard '+' at index 8 in its shared subscription group");
        assertThatIllegalArgumentException().isThrownBy(() -> SharedSubscription.parse("$share/g/a+"))
                .withMessage("topic filter has '+' at index 10 that does not fill a whole level");
    }

    @Test
    void constructorValidatesBothParts() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SharedSubscription("a/b", "x"))
                .withMessage("shared subscription group 'a/b' contains '/' at index 1");
        // A group that starts with '/' would otherwise read as an empty group followed by a filter.
        assertThatIllegalArgumentException().isThrownBy(() -> new SharedSubscription("/g", "x"))
                .withMessage("shared subscription group '/g' contains '/' at index 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new SharedSubscription("", "x"))
                .withMessage("topic filter has an empty shared subscription group");
        assertThatIllegalArgumentException().isThrownBy(() -> new SharedSubscription("g", ""))
                .withMessage("topic filter has no topic filter after its shared subscription group");
        assertThatIllegalArgumentException().isThrownBy(() -> new SharedSubscription("g", "a/#/b"))
                .withMessage("topic filter has '#' at index 11 that is not a whole last level");
        assertThatNullPointerException().isThrownBy(() -> new SharedSubscription(null, "x")).withMessage("group");
        assertThatNullPointerException().isThrownBy(() -> new SharedSubscription("g", null)).withMessage("filter");
    }

    @Test
    void toFilterRoundTrips() {
        SharedSubscription shared = new SharedSubscription("g", "sensors/+/temp");
        assertThat(shared.toFilter()).isEqualTo("$share/g/sensors/+/temp");
        assertThat(SharedSubscription.parse(shared.toFilter())).contains(shared);
    }
}
