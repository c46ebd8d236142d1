package io.maskwatch.app.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory (Linux {@code /proc/self/status}: VmRSS now, VmHWM at its peak). */
final class ProcessMemory {
    private ProcessMemory() {}

    /** Peak RSS in MB, or -1 where the system does not report it. */
    static long peakRssMegabytes() {
        return megabytes("VmHWM:");
    }

    /** RSS now, in MB, or -1 where the system does not report it. */
    static long rssMegabytes() {
        return megabytes("VmRSS:");
    }

    private static long megabytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
