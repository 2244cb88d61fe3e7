package dev.tollgate.bench.report;

import java.util.List;
import java.util.Map;

/**
 * Every figure of one mode over its samples, all durations in milliseconds, memory in MiB.
 *
 * @param mode          short name, e.g. {@code j17-c1}
 * @param description   what the mode is (JDK, flags, cache, priming)
 * @param coldStart     launch to first response posted (SnapStart-style: restore to first response)
 * @param init          launch to first {@code /next} (SnapStart-style: launch to checkpoint, priming included)
 * @param restore       SnapStart-style only: restore released to first {@code /next} (afterRestore hooks)
 * @param firstInvoke   first event delivered to its response
 * @param warm          later invocations with distinct tokens and principals (each sample's values pooled)
 * @param cacheHit      the first token again (verified-token and permission caches hit)
 * @param peakRssFirst  VmHWM right after the first response
 * @param peakRssEnd    VmHWM at the end of the sample
 * @param classesLoaded classes loaded up to the first response, from a separate unmeasured launch; -1 unknown
 * @param failures      samples that failed, with the reason
 * @param ratios        figure name to this mode's p50 divided by the hello baseline's p50; the same
 *                      against the Node.js peer under {@code "node." + name}
 * @param classesShared of {@code classesLoaded}, those mapped from a CDS archive or AOT cache
 *                      (the JDK's default one included); -1 unknown
 */
public record ModeResult(
        String mode,
        String description,
        Stats coldStart,
        Stats init,
        Stats restore,
        Stats firstInvoke,
        Stats warm,
        Stats cacheHit,
        Stats peakRssFirst,
        Stats peakRssEnd,
        long classesLoaded,
        List<String> failures,
        Map<String, Double> ratios,
        long classesShared) {

    /** Without a count of archived classes (AWS mode, tests). */
    public ModeResult(String mode, String description, Stats coldStart, Stats init, Stats restore, Stats firstInvoke,
            Stats warm, Stats cacheHit, Stats peakRssFirst, Stats peakRssEnd, long classesLoaded, List<String> failures,
            Map<String, Double> ratios) {
        this(mode, description, coldStart, init, restore, firstInvoke, warm, cacheHit, peakRssFirst, peakRssEnd,
                classesLoaded, failures, ratios, -1);
    }

    public ModeResult withRatios(Map<String, Double> newRatios) {
        return new ModeResult(mode, description, coldStart, init, restore, firstInvoke, warm, cacheHit,
                peakRssFirst, peakRssEnd, classesLoaded, failures, newRatios, classesShared);
    }
}
