package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.packet.Subscription;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionRegistryTest {

    private final SubscriptionRegistry registry = new SubscriptionRegistry();

    @Test
    void theLastQosForAFilterWinsAndRenewalIsInFilterOrder() {
        registry.remember(List.of(new Subscription("b", 1), new Subscription("a", 0)));
        registry.remember(List.of(new Subscription("b", 2)));
        assertThat(registry.toRenew(Set.of())).containsExactly(new Subscription("a", 0), new Subscription("b", 2));
        assertThat(registry.toRenew(Set.of("a"))).containsExactly(new Subscription("b", 2));
    }

    @Test
    void rememberReportsWhatEachFilterHeldBefore() {
        registry.remember(List.of(new Subscription("a", 1)));
        Map<String, Subscription> replaced = registry.remember(List.of(new Subscription("a", 2), new Subscription("c", 0),
                new Subscription("a", 0)));
        assertThat(replaced).containsEntry("a", new Subscription("a", 1)).containsEntry("c", null).hasSize(2);
        assertThat(registry.get("a")).isEqualTo(new Subscription("a", 0));
    }

    @Test
    void restoreUndoesAChangeUnlessALaterOneReplacedIt() {
        registry.remember(List.of(new Subscription("a", 1)));
        List<Subscription> change = List.of(new Subscription("a", 2), new Subscription("b", 2));
        Map<String, Subscription> replaced = registry.remember(change);
        registry.remember(List.of(new Subscription("b", 0))); // a later change to b wins

        registry.restore(replaced, left -> left != null && change.contains(left));

        assertThat(registry.get("a")).isEqualTo(new Subscription("a", 1));
        assertThat(registry.get("b")).isEqualTo(new Subscription("b", 0));
    }

    @Test
    void forgetAndItsRestore() {
        registry.remember(List.of(new Subscription("a", 1), new Subscription("b", 1)));
        Map<String, Subscription> removed = registry.forget(List.of("a", "unknown"));
        assertThat(removed).containsOnlyKeys("a");
        assertThat(registry.size()).isEqualTo(1);
        registry.restore(removed, Objects::isNull);
        assertThat(registry.get("a")).isEqualTo(new Subscription("a", 1));
    }

    @Test
    void refusedFiltersAreForgottenAndGrantedOnesKept() {
        registry.remember(List.of(new Subscription("ok", 1), new Subscription("denied", 1)));
        registry.forgetRefused(new FailedSubscriptionException(List.of("ok", "denied"), List.of(1, 0x80)));
        assertThat(registry.toRenew(Set.of())).containsExactly(new Subscription("ok", 1));
    }
}
