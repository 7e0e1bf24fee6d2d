package io.zhibiao.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Back-off and lockout of failed logins, on a clock the test moves. */
class LoginThrottleTest {

    @TempDir
    Path dir;

    final AtomicLong now = new AtomicLong(1_000_000);

    LoginThrottle throttle() {
        return new LoginThrottle(dir.resolve("lockouts"), now::get);
    }

    @Test
    void afterThreeFailuresEachAttemptWaitsTwiceAsLong() {
        LoginThrottle t = throttle();
        for (int i = 0; i < 3; i++) {
            assertThat(t.refusal("finebi", "10.0.0.1")).isEmpty();
            t.failed("finebi", "10.0.0.1");
        }
        // 3 failures: the 4th attempt waits 1 s (1000 << 0) after the last failure.
        assertThat(t.refusal("finebi", "10.0.0.1")).hasValueSatisfying(m -> assertThat(m).contains("try again in 1 s"));
        now.addAndGet(999);
        assertThat(t.refusal("finebi", "10.0.0.1")).isPresent();
        now.addAndGet(1);
        assertThat(t.refusal("finebi", "10.0.0.1")).isEmpty();
        t.failed("finebi", "10.0.0.1");
        // 4 failures: 2 s; 5: 4 s; 6: 8 s.
        now.addAndGet(1999);
        assertThat(t.refusal("finebi", "10.0.0.1")).hasValueSatisfying(m -> assertThat(m).contains("try again in 1 s"));
        now.addAndGet(1);
        assertThat(t.refusal("finebi", "10.0.0.1")).isEmpty();
        t.failed("finebi", "10.0.0.1");
        assertThat(t.refusal("finebi", "10.0.0.1")).hasValueSatisfying(m -> assertThat(m).contains("try again in 4 s"));
    }

    @Test
    void anAddressIsSlowedForEveryNameItTriesButOtherAddressesAreNot() {
        LoginThrottle t = throttle();
        t.failed("a", "10.0.0.9");
        t.failed("b", "10.0.0.9");
        t.failed("c", "10.0.0.9");
        assertThat(t.refusal("d", "10.0.0.9")).isPresent();
        assertThat(t.refusal("d", "10.0.0.10")).isEmpty();
        // An address's failures are forgotten after 15 minutes without one.
        now.addAndGet(LoginThrottle.FORGET_AFTER_MILLIS + 1);
        assertThat(t.refusal("d", "10.0.0.9")).isEmpty();
    }

    @Test
    void twentyFailuresLockTheUserUntilAnOperatorUnlocksIt() throws Exception {
        LoginThrottle t = throttle();
        boolean locked = false;
        for (int i = 1; i <= LoginThrottle.LOCKOUT_AFTER; i++) {
            now.addAndGet(LoginThrottle.MAX_BACKOFF_SECONDS * 1000L); // always past the back-off
            assertThat(t.refusal("finebi", "10.0.0." + i)).as("attempt %d", i).isEmpty();
            locked = t.failed("finebi", "10.0.0." + i);
            assertThat(locked).as("locked by failure %d", i).isEqualTo(i == 20);
        }
        Path lock = LoginThrottle.lockFile(dir.resolve("lockouts"), "finebi");
        assertThat(Files.readString(lock)).contains("after 20 failed logins, the last from 10.0.0.20");
        now.addAndGet(24 * 3600_000L); // a day later, from a fresh address: still locked
        assertThat(t.refusal("finebi", "10.9.9.9"))
                .hasValueSatisfying(m -> assertThat(m).contains("locked").contains("zhibiao serve unlock finebi"));
        assertThat(t.refusal("superset", "10.9.9.9")).isEmpty();

        assertThat(LoginThrottle.unlock(dir.resolve("lockouts"), "finebi")).isTrue();
        assertThat(LoginThrottle.unlock(dir.resolve("lockouts"), "finebi")).isFalse();
        assertThat(t.refusal("finebi", "10.9.9.9")).isEmpty();
        // The count started again: three more failures before any wait.
        t.failed("finebi", "10.9.9.8");
        t.failed("finebi", "10.9.9.7");
        assertThat(t.refusal("finebi", "10.9.9.6")).isEmpty();
    }

    @Test
    void aBurstOfGuessesDuringTheWaitLocksTheUserToo() {
        LoginThrottle t = throttle();
        for (int i = 0; i < 3; i++) {
            t.failed("victim", "10.0.0.2"); // checked and wrong: 3
        }
        for (int i = 4; i <= 19; i++) {
            assertThat(t.refusal("victim", "10.0.0.2")).as("attempt %d", i)
                    .hasValueSatisfying(m -> assertThat(m).startsWith("too many failed logins"));
        }
        // the 20th attempt, 3 checked + 17 refused, locks the name
        assertThat(t.refusal("victim", "10.0.0.2"))
                .hasValueSatisfying(m -> assertThat(m).startsWith("user 'victim' is now locked after 20 failed logins"));
        assertThat(LoginThrottle.lockFile(dir.resolve("lockouts"), "victim")).exists();
        assertThat(t.refusal("victim", "10.0.0.3"))
                .hasValueSatisfying(m -> assertThat(m).startsWith("user 'victim' is locked"));
    }

    @Test
    void aSuccessfulLoginClearsTheCounts() {
        LoginThrottle t = throttle();
        for (int i = 0; i < 5; i++) {
            t.failed("finebi", "10.0.0.1");
        }
        assertThat(t.refusal("finebi", "10.0.0.1")).isPresent();
        t.succeeded("finebi", "10.0.0.1");
        assertThat(t.refusal("finebi", "10.0.0.1")).isEmpty();
    }

    @Test
    void aUserNameIsNeverAPath() {
        Path lock = LoginThrottle.lockFile(dir, "../../etc/passwd");
        assertThat(lock.getParent()).isEqualTo(dir);
        assertThat(lock.getFileName().toString()).isEqualTo("user-2e2e2f2e2e2f6574632f706173737764.lock");
    }
}
