package dev.hibiki.ice;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Contention-free counters of one {@link UdpIceServer}, read by whoever exports metrics. */
public final class IceCounters {
    private static final IceCounter[] ALL = IceCounter.values();
    private final LongAdder[] adders = new LongAdder[ALL.length];

    IceCounters() {
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
    }

    void increment(IceCounter counter) {
        adders[counter.ordinal()].increment();
    }

    void add(IceCounter counter, long amount) {
        adders[counter.ordinal()].add(amount);
    }

    public long get(IceCounter counter) {
        return adders[counter.ordinal()].sum();
    }

    public long droppedTotal() {
        long total = 0;
        for (IceCounter counter : ALL) {
            if (counter.isDrop()) {
                total += get(counter);
            }
        }
        return total;
    }

    public Map<IceCounter, Long> snapshot() {
        Map<IceCounter, Long> values = new EnumMap<>(IceCounter.class);
        for (IceCounter counter : ALL) {
            values.put(counter, get(counter));
        }
        return values;
    }

    @Override
    public String toString() {
        return "IceCounters" + snapshot();
    }
}
