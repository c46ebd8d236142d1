package io.maskwatch.app;

import picocli.CommandLine;

/** Version string from the jar manifest (falls back to "dev" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"maskwatch " + (version != null ? version : "dev")};
    }
}
