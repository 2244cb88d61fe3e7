package dev.tollgate.bench.load;

import com.sun.management.GcInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the process's memory, GC and CPU figures without disturbing them: never {@code System.gc()}.
 *
 * <p>"Heap after GC" is the heap occupancy the most recent collection (of any collector) left
 * behind, summed over the heap pools from {@link GcInfo#getMemoryUsageAfterGc()}: the live set
 * plus whatever the collection did not reclaim (objects promoted to the old generation and not yet
 * collected). Unlike "heap used", it does not saw-tooth with every allocation.
 */
final class MemoryProbe {
    /** One reading. Bytes, milliseconds, nanoseconds as named; -1 when unknown. */
    record Reading(long heapUsedBytes, long heapAfterGcBytes, String lastGc, long gcCount, long gcTimeMs,
            long nonHeapUsedBytes, long rssBytes, long processCpuNanos) {}

    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

    Reading read() {
        long count = 0;
        long time = 0;
        GcInfo latest = null;
        String latestName = null;
        for (GarbageCollectorMXBean gc : collectors) {
            count += Math.max(0, gc.getCollectionCount());
            time += Math.max(0, gc.getCollectionTime());
            if (gc instanceof com.sun.management.GarbageCollectorMXBean sun) {
                GcInfo info = sun.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                    latestName = gc.getName();
                }
            }
        }
        long afterGc = -1;
        if (latest != null) {
            afterGc = 0;
            for (var entry : latest.getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(entry.getKey())) {
                    afterGc += entry.getValue().getUsed();
                }
            }
        }
        var memory = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        return new Reading(heap.getUsed(), afterGc, latestName, count, time, memory.getNonHeapMemoryUsage().getUsed(),
                rssBytes(), processCpuNanos());
    }

    /** Collector names, e.g. {@code [Copy, MarkSweepCompact]}. */
    List<String> collectorNames() {
        return collectors.stream().map(GarbageCollectorMXBean::getName).toList();
    }

    /** Resident set size from {@code /proc/self/status} (VmRSS), or -1 off Linux. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
