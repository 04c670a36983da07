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
                .withMessage("shared subscription '$share/g' has no topic filter after the group");
        assertThatIllegalArgumentException().isThrownBy(() -> SharedSubscription.parse("$share//a"))
                .withMessage("shared subscription '$share//a' has an empty group");
        assertThatIllegalArgumentException().isThrownBy(() -> SharedSubscription.parse("$share/g+/a"))
                .withMessageContaining("wildcard '+' in its group");
        assertThatIllegalArgumentException().isThrownBy(() -> SharedSubscription.parse("$share/g/a+"))
                .withMessageContaining("does not occupy a whole level");
    }

    @Test
    void constructorValidatesBothParts() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SharedSubscription("a/b", "x"))
                .withMessage("shared subscription group 'a/b' contains '/'");
        assertThatIllegalArgumentException().isThrownBy(() -> new SharedSubscription("", "x"))
                .withMessageContaining("empty group");
        assertThatIllegalArgumentException().isThrownBy(() -> new SharedSubscription("g", ""))
                .withMessageContaining("empty topic filter");
        assertThatIllegalArgumentException().isThrownBy(() -> new SharedSubscription("g", "a/#/b"))
                .withMessageContaining("not the last level");
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
