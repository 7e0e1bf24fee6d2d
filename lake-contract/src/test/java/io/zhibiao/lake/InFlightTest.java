package io.zhibiao.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The budget sources are refined under: pure logic, no Spark. */
class InFlightTest {

    @Test
    void aHoldIsItsSizeAtLeastOneAndAtMostTheWholeBudget() {
        InFlight budget = new InFlight(100_000);
        try (InFlight.Held a = budget.hold(17_755);  // rd_survey at scale 1
             InFlight.Held b = budget.hold(0)) {     // an empty batch still takes 1
            assertThat(a.units()).isEqualTo(17_755);
            assertThat(b.units()).isEqualTo(1);
            assertThat(budget.free()).isEqualTo(100_000 - 17_755 - 1); // 82,244
        }
        assertThat(budget.free()).isEqualTo(100_000);
        try (InFlight.Held big = budget.hold(823_996)) { // tax_returns at scale 1: holds everything
            assertThat(big.units()).isEqualTo(100_000);
            assertThat(budget.free()).isZero();
        }
        assertThat(budget.free()).isEqualTo(100_000);
        assertThatThrownBy(() -> new InFlight(0)).hasMessageContaining("not between 1 and");
    }

    @Test
    void twoSmallPiecesRunTogetherAndABigOneWaitsForThemToFinish() throws Exception {
        InFlight budget = new InFlight(10);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            InFlight.Held first = budget.hold(3);
            // 3 + 3 ≤ 10: a second small piece gets its hold at once, in another thread, while the first holds.
            Future<Integer> second = pool.submit(() -> {
                try (InFlight.Held h = budget.hold(3)) {
                    return h.units();
                }
            });
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(3);
            // 3 + 8 > 10: a piece of 8 waits until the first is closed.
            CountDownLatch asked = new CountDownLatch(1);
            Future<Integer> big = pool.submit(() -> {
                asked.countDown();
                try (InFlight.Held h = budget.hold(8)) {
                    return h.units();
                }
            });
            assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            assertThat(big.isDone()).isFalse();
            first.close();
            first.close(); // closing twice gives back once: 10 free at the end, not 13
            assertThat(big.get(5, TimeUnit.SECONDS)).isEqualTo(8);
            assertThat(budget.free()).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }
}
