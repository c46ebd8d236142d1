package io.maskwatch.edge.config;

import io.maskwatch.core.config.ConfigSection;

/** {@code deployment}: where and since when the device stands, copied into every event. */
public record DeploymentConfig(String deployedOn, double latitude, double longitude) {

    public static DeploymentConfig read(ConfigSection s) {
        DeploymentConfig c = new DeploymentConfig(
                s.string("deployed_on", ""), s.decimal("latitude", 0, -90, 90), s.decimal("longitude", 0, -180, 180));
        s.rejectUnknownKeys();
        return c;
    }
}
