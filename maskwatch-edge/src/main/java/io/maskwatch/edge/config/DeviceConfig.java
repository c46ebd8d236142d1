package io.maskwatch.edge.config;

import io.maskwatch.core.config.ConfigSection;
import java.util.UUID;

/**
 * {@code device}: the seed's identity of the edge device, copied into every event.
 *
 * @param guid the device's id; when absent, a stable id derived from the host name
 * @param type hardware description, e.g. {@code Raspberry Pi 4 Model B}
 * @param enrolledOn when the device was enrolled (text, kept as written)
 */
public record DeviceConfig(String guid, String type, String enrolledOn) {

    public static DeviceConfig read(ConfigSection s) {
        DeviceConfig c = new DeviceConfig(
                s.string("guid", defaultGuid()),
                s.string("type", System.getProperty("os.name") + " " + System.getProperty("os.arch")),
                s.string("enrolled_on", ""));
        s.rejectUnknownKeys();
        return c;
    }

    private static String defaultGuid() {
        String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        return UUID.nameUUIDFromBytes(("maskwatch-device:" + host).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }
}
