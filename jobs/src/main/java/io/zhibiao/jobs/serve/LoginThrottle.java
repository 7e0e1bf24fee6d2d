package io.zhibiao.jobs.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed logins slow the next attempt down, per user name and per client address: after {@value #FREE_ATTEMPTS}
 * failures each further attempt must wait 1 s, 2 s, 4 s … (at most {@value #MAX_BACKOFF_SECONDS} s) after the last
 * failure, and an attempt within the wait is refused without the password being checked, so guessing costs the
 * attacker time and the server no CPU. A user name that failed {@value #LOCKOUT_AFTER} times in a row is locked
 * until an operator clears it ({@code zhibiao serve unlock NAME}): the lock is a file in the state directory, so it
 * outlives a restart and the operator clears it without touching the running server; attempts refused during a wait
 * count towards the lockout too, so 200 guesses in a burst lock the name. A successful login resets the
 * user's and the address's count. Addresses are never locked (clients behind one NAT share one), only slowed.
 */
final class LoginThrottle {

    static final int FREE_ATTEMPTS = 3;
    static final int MAX_BACKOFF_SECONDS = 300;
    static final int LOCKOUT_AFTER = 20;
    /** An address's failures are forgotten after this long without one. */
    static final long FORGET_AFTER_MILLIS = 15 * 60_000L;

    private final Path lockouts;
    private final LongSupplier clock;
    private final Map<String, Failures> users = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();

    private static final class Failures {
        /** Checked logins that failed: they set the wait. */
        int count;
        /** Every failed attempt, checked or refused during a wait: they lock the user. */
        int attempts;
        long last;
    }

    LoginThrottle(Path lockouts, LongSupplier clock) {
        this.lockouts = lockouts;
        this.clock = clock;
        try {
            Files.createDirectories(lockouts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the lockout directory " + lockouts, e);
        }
    }

    /** Why this attempt is refused before its password is checked, or empty when it may be checked. */
    Optional<String> refusal(String user, String address) {
        long now = clock.getAsLong();
        if (user != null && Files.exists(lockFile(user))) {
            return Optional.of("user '" + user + "' is locked after " + LOCKOUT_AFTER + " failed logins; an operator "
                    + "clears it with: zhibiao serve unlock " + user);
        }
        Failures u = user == null ? null : users.get(user);
        if (u != null) {
            synchronized (u) {
                if (u.attempts >= LOCKOUT_AFTER) {
                    u.count = 0; // the operator removed the lock file
                    u.attempts = 0;
                }
            }
        }
        Failures a = address == null ? null : addresses.get(address);
        long wait = Math.max(waitMillis(u, now, false), waitMillis(a, now, true));
        if (wait > 0) {
            if (user != null && countTowardsLock(user, address)) {
                return Optional.of("user '" + user + "' is now locked after " + LOCKOUT_AFTER + " failed logins; an "
                        + "operator clears it with: zhibiao serve unlock " + user);
            }
            return Optional.of("too many failed logins; try again in " + Math.max(1, (wait + 999) / 1000) + " s");
        }
        return Optional.empty();
    }

    /**
     * Counts a failed attempt towards the user's lockout: every checked failure, and every attempt refused during
     * its wait (which does not lengthen the wait).
     */
    private boolean countTowardsLock(String user, String address) {
        Failures u = users.computeIfAbsent(user, k -> new Failures());
        synchronized (u) {
            u.attempts++;
            if (u.attempts == LOCKOUT_AFTER) {
                lock(user, address);
                return true;
            }
        }
        return false;
    }

    /** Records a failed login; returns true when it locked the user. */
    boolean failed(String user, String address) {
        long now = clock.getAsLong();
        if (address != null) {
            Failures a = addresses.computeIfAbsent(address, k -> new Failures());
            synchronized (a) {
                if (now - a.last > FORGET_AFTER_MILLIS) {
                    a.count = 0;
                }
                a.count++;
                a.last = now;
            }
        }
        if (user == null) {
            return false;
        }
        Failures u = users.computeIfAbsent(user, k -> new Failures());
        synchronized (u) {
            u.count++;
            u.last = now;
            return countTowardsLock(user, address);
        }
    }

    void succeeded(String user, String address) {
        if (user != null) {
            users.remove(user);
        }
        if (address != null) {
            addresses.remove(address);
        }
    }

    private long waitMillis(Failures f, long now, boolean forgets) {
        if (f == null) {
            return 0;
        }
        synchronized (f) {
            if (forgets && now - f.last > FORGET_AFTER_MILLIS || f.count < FREE_ATTEMPTS) {
                return 0;
            }
            long backoff = 1000L << Math.min(f.count - FREE_ATTEMPTS, 20);
            return Math.max(0, f.last + Math.min(backoff, MAX_BACKOFF_SECONDS * 1000L) - now);
        }
    }

    private void lock(String user, String address) {
        try {
            Files.writeString(lockFile(user), "locked " + Instant.ofEpochMilli(clock.getAsLong()) + " after "
                    + LOCKOUT_AFTER + " failed logins, the last from " + address + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lockout of user " + user, e);
        }
    }

    private Path lockFile(String user) {
        return lockFile(lockouts, user);
    }

    /** The lock file of a user name; names that are not valid user names are hex-encoded so no name is a path. */
    static Path lockFile(Path lockouts, String user) {
        StringBuilder hex = new StringBuilder();
        for (byte b : user.getBytes(StandardCharsets.UTF_8)) {
            hex.append(String.format("%02x", b));
        }
        return lockouts.resolve("user-" + hex + ".lock");
    }

    /** Clears a user's lock (the operator's {@code zhibiao serve unlock}); true when there was one. */
    static boolean unlock(Path lockouts, String user) {
        try {
            return Files.deleteIfExists(lockFile(lockouts, user));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the lockout of user " + user, e);
        }
    }
}
