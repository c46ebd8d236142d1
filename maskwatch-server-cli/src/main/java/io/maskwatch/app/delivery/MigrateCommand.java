package io.maskwatch.app.delivery;

import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.db.Database;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code maskwatch migrate}: brings the PostgreSQL schema up to this version, then exits. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Creates or upgrades the archive's schema in PostgreSQL (the migrations ingress and server also apply at"
                    + " start), prints the version it is at and exits. Run it once after installing a new version,"
                    + " before the services start. Does not wait for a database that is down.",
            ""
        })
public final class MigrateCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Override
    public Integer call() {
        ServerConfig config = options.load();
        try (Database database = Database.open(config.postgres(), System::getenv, () -> false)) {
            System.out.println("PostgreSQL at " + config.postgres().requireUrl() + ": schema at version "
                    + database.schemaVersion());
        }
        return 0;
    }
}
