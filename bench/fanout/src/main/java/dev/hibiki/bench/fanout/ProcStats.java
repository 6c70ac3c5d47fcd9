package dev.hibiki.bench.fanout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CPU time and UDP drop counters from /proc (Linux only). */
final class ProcStats {

    private ProcStats() {
    }

    static final long HZ = 100; // USER_HZ; Linux reports /proc times in these ticks on every common architecture

    /** {utime, stime} of a process in ticks, or {-1, -1}. */
    static long[] processUserSystem(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    record ThreadTicks(String name, long ticks) {
    }

    /** Per thread of a process: tid → (comm, utime + stime). */
    static Map<Long, ThreadTicks> threadTicks(long pid) {
        Map<Long, ThreadTicks> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String s = Files.readString(t.resolve("stat"));
                    String comm = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    out.put(Long.parseLong(t.getFileName().toString()),
                            new ThreadTicks(comm, Long.parseLong(f[11]) + Long.parseLong(f[12])));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // process gone
        }
        return out;
    }

    /** Machine-wide {busy, total} ticks from /proc/stat. */
    static long[] machineTicks() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = 0, total = 0;
                    for (int i = 1; i < f.length && i <= 8; i++) {
                        long v = Long.parseLong(f[i]);
                        total += v;
                        if (i != 4 && i != 5) busy += v; // idle and iowait are not busy
                    }
                    return new long[] {busy, total};
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return new long[] {0, 0};
    }

    /**
     * Sum of the "drops" column of /proc/net/udp and /proc/net/udp6 (Java's sockets are usually dual-stack IPv6 ones,
     * listed only in the latter) for sockets bound to one of these local ports.
     */
    static long udpDrops(Set<Integer> localPorts) {
        long drops = 0;
        for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (int i = 1; i < lines.size(); i++) {
                    String[] f = lines.get(i).trim().split("\\s+");
                    if (f.length < 13) continue;
                    String local = f[1];
                    int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                    if (localPorts.contains(port)) drops += Long.parseLong(f[f.length - 1]);
                }
            } catch (IOException | RuntimeException e) {
                // table missing (no IPv6): nothing to add
            }
        }
        return drops;
    }
}
