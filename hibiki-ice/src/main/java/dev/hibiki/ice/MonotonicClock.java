package dev.hibiki.ice;

/** Monotonic nanoseconds, injectable so consent timeouts can be tested without sleeping. */
@FunctionalInterface
public interface MonotonicClock {
    MonotonicClock SYSTEM = System::nanoTime;

    long nanoTime();
}
