package dev.mqttj.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicTreeTest {

    private final TopicTree<String> tree = new TopicTree<>();

    @Test
    void startsEmpty() {
        assertThat(tree.isEmpty()).isTrue();
        assertThat(tree.size()).isZero();
        assertThat(tree.filters()).isEmpty();
        assertThat(tree.match("a")).isEmpty();
    }

    @Test
    void routesByMqttRules() {
        tree.add("sport/tennis/player1/#", "player1-all");
        tree.add("sport/tennis/+", "tennis-one");
        tree.add("sport/#", "sport-all");
        tree.add("+/+", "two-levels");
        tree.add("/+", "root-slash");
        tree.add("#", "everything");
        tree.add("$SYS/#", "sys");

        assertThat(tree.match("sport")).containsExactlyInAnyOrder("sport-all", "everything");
        assertThat(tree.match("sport/tennis/player1"))
                .containsExactlyInAnyOrder("player1-all", "tennis-one", "sport-all", "everything");
        assertThat(tree.match("sport/tennis/player1/ranking"))
                .containsExactlyInAnyOrder("player1-all", "sport-all", "everything");
        assertThat(tree.match("/finance")).containsExactlyInAnyOrder("two-levels", "root-slash", "everything");
        assertThat(tree.match("$SYS/x")).containsExactly("sys");
        assertThat(tree.match("$SYS/monitor/Clients")).containsExactly("sys");
    }

    @Test
    void wildcardsInTheFirstLevelSkipDollarTopicsButNotDeeperLevels() {
        tree.add("+/monitor/Clients", "plus");
        tree.add("$SYS/+/Clients", "sys-plus");
        tree.add("$SYS/monitor/#", "sys-hash");
        assertThat(tree.match("$SYS/monitor/Clients")).containsExactlyInAnyOrder("sys-plus", "sys-hash");
        assertThat(tree.match("x/monitor/Clients")).containsExactly("plus");
    }

    @Test
    void matchesEmptyLevelsAndUnicode() {
        tree.add("a//b", "exact");
        tree.add("a/+/b", "plus");
        tree.add("température/+/😀", "unicode");
        assertThat(tree.match("a//b")).containsExactlyInAnyOrder("exact", "plus");
        assertThat(tree.match("a/x/b")).containsExactly("plus");
        assertThat(tree.match("température/salle €/😀")).containsExactly("unicode");
        assertThat(tree.match("température/salle €/😁")).isEmpty();
    }

    @Test
    void sharedFiltersMatchByInnerFilterAndAreKeptApart() {
        tree.add("$share/g1/a/+", "g1");
        tree.add("$share/g2/a/+", "g2");
        tree.add("a/+", "plain");
        assertThat(tree.match("a/b")).containsExactlyInAnyOrder("g1", "g2", "plain");
        assertThat(tree.filters()).containsExactly("$share/g1/a/+", "$share/g2/a/+", "a/+");
        assertThat(tree.removeAll("$share/g1/a/+")).isTrue();
        assertThat(tree.match("a/b")).containsExactlyInAnyOrder("g2", "plain");
    }

    @Test
    void keepsSeveralValuesPerFilterAndADuplicateOnce() {
        tree.add("a/b", "x");
        tree.add("a/b", "y");
        tree.add("a/b", "x");
        assertThat(tree.size()).isEqualTo(2);
        assertThat(tree.filters()).containsExactly("a/b");
        List<String> seen = new ArrayList<>();
        tree.forEachMatch("a/b", seen::add);
        assertThat(seen).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void forEachMatchPassesAValueOncePerMatchingFilterWhileMatchIsDistinct() {
        tree.add("a/b", "x");
        tree.add("a/+", "x");
        tree.add("#", "x");
        List<String> seen = new ArrayList<>();
        tree.forEachMatch("a/b", seen::add);
        assertThat(seen).containsExactly("x", "x", "x");
        assertThat(tree.match("a/b")).containsExactly("x");
        assertThat(tree.size()).isEqualTo(3);
    }

    @Test
    void removeTakesOneValueAndPrunesEmptyFilters() {
        tree.add("a/b/c", "x");
        tree.add("a/b/c", "y");
        tree.add("a/+/#", "z");

        assertThat(tree.remove("a/b/c", "x")).isTrue();
        assertThat(tree.remove("a/b/c", "x")).isFalse();
        assertThat(tree.remove("a/b", "y")).isFalse();
        assertThat(tree.remove("a/b/c", "z")).isFalse();
        assertThat(tree.match("a/b/c")).containsExactlyInAnyOrder("y", "z");
        assertThat(tree.size()).isEqualTo(2);

        assertThat(tree.remove("a/b/c", "y")).isTrue();
        assertThat(tree.filters()).containsExactly("a/+/#");
        assertThat(tree.remove("a/+/#", "z")).isTrue();
        assertThat(tree.isEmpty()).isTrue();
        assertThat(tree.filters()).isEmpty();
        assertThat(tree.match("a/b/c")).isEmpty();
    }

    @Test
    void removeAllTakesEveryValueOfOneFilter() {
        tree.add("a/#", "x");
        tree.add("a/#", "y");
        tree.add("a", "z");
        assertThat(tree.removeAll("a/#")).isTrue();
        assertThat(tree.removeAll("a/#")).isFalse();
        assertThat(tree.size()).isEqualTo(1);
        assertThat(tree.match("a")).containsExactly("z");
    }

    @Test
    void removeOfAFilterThatCannotExistReturnsFalse() {
        assertThat(tree.remove("a/#/b", "x")).isFalse();
        assertThat(tree.removeAll("")).isFalse();
        assertThat(tree.removeAll("$share/g")).isFalse();
    }

    @Test
    void clearRemovesEverything() {
        tree.add("a", "x");
        tree.add("+", "y");
        tree.clear();
        assertThat(tree.isEmpty()).isTrue();
        assertThat(tree.match("a")).isEmpty();
    }

    @Test
    void manySiblingsUseAHashedLevelTable() {
        for (int i = 0; i < 1_000; i++) {
            tree.add("sensors/" + i + "/temp", "s" + i);
        }
        assertThat(tree.match("sensors/999/temp")).containsExactly("s999");
        assertThat(tree.match("sensors/1000/temp")).isEmpty();
        for (int i = 0; i < 995; i++) {
            assertThat(tree.remove("sensors/" + i + "/temp", "s" + i)).isTrue();
        }
        assertThat(tree.match("sensors/997/temp")).containsExactly("s997");
        assertThat(tree.match("sensors/3/temp")).isEmpty();
        assertThat(tree.size()).isEqualTo(5);
    }

    @Test
    void validatesFiltersOnAdd() {
        assertThatIllegalArgumentException().isThrownBy(() -> tree.add("sport+", "x"))
                .withMessage("topic filter has '+' at index 5 that does not fill a whole level");
        assertThatIllegalArgumentException().isThrownBy(() -> tree.add("", "x"));
        assertThatNullPointerException().isThrownBy(() -> tree.add("a", null)).withMessage("value");
        assertThat(tree.isEmpty()).isTrue();
    }

    @Test
    void rejectsNullOnMatch() {
        assertThatNullPointerException().isThrownBy(() -> tree.match(null)).withMessage("topic");
        assertThatNullPointerException().isThrownBy(() -> tree.forEachMatch("a", null)).withMessage("action");
    }

    @Test
    void anActionMayChangeTheTreeWithoutDisturbingTheWalk() {
        tree.add("a/+", "x");
        tree.add("a/b", "y");
        List<String> seen = new ArrayList<>();
        tree.forEachMatch("a/b", value -> {
            seen.add(value);
            tree.clear();
        });
        assertThat(seen).containsExactlyInAnyOrder("x", "y");
        assertThat(tree.isEmpty()).isTrue();
    }

    @Test
    void aTreeWithAFilterIsNotEmptyAndDescribesItsFilters() {
        TopicTree<String> tree = new TopicTree<>();
        tree.add("b/+", "x");
        tree.add("a/#", "y");
        assertThat(tree.isEmpty()).isFalse();
        assertThat(tree).hasToString("TopicTree[a/#, b/+]");
        tree.remove("b/+", "x");
        assertThat(tree.isEmpty()).isFalse();
        tree.removeAll("a/#");
        assertThat(tree.isEmpty()).isTrue();
        assertThat(tree).hasToString("TopicTree[]");
    }

    @Test
    void nodesLeftWithoutFiltersArePruned() {
        TopicTree<String> tree = new TopicTree<>();
        tree.add("a/b/c/d", "x");
        tree.add("a/+/c", "y");
        tree.add("a/e", "z");
        tree.add("f/#", "w");

        tree.remove("a/b/c/d", "x");
        TopicNode<String> a = tree.root().children.get("a");
        assertThat(a.children.get("b")).as("the branch that held only a/b/c/d").isNull();
        assertThat(a.children.get("e")).isNotNull();

        tree.removeAll("a/+/c");
        assertThat(tree.root().children.get("a").singleLevel).as("the '+' branch").isNull();

        tree.remove("a/e", "z");
        assertThat(tree.root().children.get("a")).isNull();
        tree.remove("f/#", "w");
        assertThat(tree.root().isEmpty()).isTrue();
        assertThat(tree.root().children.size()).isZero();
    }
}
