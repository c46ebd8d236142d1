package io.maskwatch.app.dashboard;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** What an export did, per class and outcome, and the summary it prints. */
final class ExportTally {
    private final Map<String, Integer> exported = new HashMap<>();
    private final Map<ClassFolders.Outcome, Integer> outcomes = new EnumMap<>(ClassFolders.Outcome.class);

    void add(ClassFolders.Outcome outcome, String className) {
        outcomes.merge(outcome, 1, Integer::sum);
        if (outcome != ClassFolders.Outcome.CONFLICT && outcome != ClassFolders.Outcome.UNREADABLE) {
            exported.merge(className, 1, Integer::sum);
        }
    }

    long done() {
        return outcomes.values().stream().mapToInt(Integer::intValue).sum();
    }

    int conflicts() {
        return count(ClassFolders.Outcome.CONFLICT);
    }

    int unreadable() {
        return count(ClassFolders.Outcome.UNREADABLE);
    }

    void report(PrintWriter out, Path folder, ReviewedAlerts.Counts counts) {
        int total = exported.values().stream().mapToInt(Integer::intValue).sum();
        out.println("Exported " + total + " reviewed alert(s) into " + folder + ":");
        out.printf(
                "  %-14s %6d  marked false_alarm: a masked face (or no face at all: look before training)%n",
                ClassFolders.WITH_MASK + "/", exported.getOrDefault(ClassFolders.WITH_MASK, 0));
        out.printf(
                "  %-14s %6d  marked confirmed: no mask%n",
                ClassFolders.WITHOUT_MASK + "/", exported.getOrDefault(ClassFolders.WITHOUT_MASK, 0));
        int unchanged = count(ClassFolders.Outcome.UNCHANGED);
        int moved = count(ClassFolders.Outcome.MOVED);
        if (unchanged + moved > 0) {
            out.println("  of these, " + unchanged + " were there already and " + moved
                    + " moved to the other class (reviewed again since)");
        }
        if (counts.unreviewed() > 0) {
            out.println("  " + counts.unreviewed() + " alert(s) nobody has reviewed yet are left out; review them in"
                    + " the dashboard to export them too");
        }
        if (total == 0) {
            out.println("Nothing to train on yet: admins review alerts in the dashboard (confirmed or false alarm).");
        } else {
            out.println(Manifest.FILE + " lists them. Train on them (workstation package): maskwatch train --data "
                    + folder + " --out MODEL_DIR");
        }
        out.flush();
    }

    private int count(ClassFolders.Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }
}
