package io.maskwatch.server.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared Kafka and PostgreSQL when the test run ends, while the test JVM still reports
 * its output, instead of in a shutdown hook after the test framework has said goodbye, where a
 * slow or failing shutdown was invisible and its exit status could fail a green build.
 * Registered in {@code META-INF/services}.
 */
public final class StopTestInfra implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestInfra.stopAll();
    }
}
