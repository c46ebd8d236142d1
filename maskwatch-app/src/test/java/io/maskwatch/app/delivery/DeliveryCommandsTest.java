package io.maskwatch.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.MaskWatch;
import io.maskwatch.edge.store.EventStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The delivery commands on the command line: help, and configuration mistakes as one-line errors. */
class DeliveryCommandsTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MaskWatch.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyDeliveryCommandHasHelp() {
        for (String command : new String[] {
            "dispatch", "ingress", "notify", "server", "dev-stack", "bench-delivery", "chaos", "export-reviewed"
        }) {
            Run run = run(command, "--help");
            assertThat(run.exit()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Usage: maskwatch " + command);
        }
    }

    /** {@code dispatch} on an existing store, to the tests' plaintext broker, with these other kafka keys. */
    private Run dispatchToTheTestBroker(String name, String kafkaKeys) throws Exception {
        Path store = dir.resolve(name + ".db");
        Path config = Files.writeString(dir.resolve(name + ".yaml"), """
                device: {guid: d1, type: pi, enrolled_on: "2020-01-01 10:00:00"}
                store: {path: %s}
                kafka: {bootstrap_servers: "%s", %s}
                """.formatted(
                        store, io.maskwatch.server.testing.TestInfra.kafka().bootstrapServers(), kafkaKeys));
        EventStore.open(store).close();
        return run("dispatch", "--config", config.toString());
    }

    @Test
    void aTlsClientAgainstAPlaintextBrokerIsToldSoInsteadOfWaitingInSilence() throws Exception {
        Run run = dispatchToTheTestBroker("tls", "security_protocol: SSL");
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: Kafka at "
                        + io.maskwatch.server.testing.TestInfra.kafka().bootstrapServers()
                        + " did not answer a SSL client, but answers PLAINTEXT on the same port")
                .contains("set kafka.security_protocol to PLAINTEXT");
    }

    @Test
    void aSaslClientAgainstAPlainPortIsToldSo() throws Exception {
        Run run = dispatchToTheTestBroker(
                "sasl",
                "security_protocol: SASL_PLAINTEXT, sasl_mechanism: PLAIN, sasl_username: key, sasl_password_env: PATH");
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err())
                .contains("does not take a SASL login on this port")
                .contains("kafka.security_protocol");
    }

    @Test
    void theLocalServerConfigPointsAtDevStacksDefaultPorts() {
        var devStack = MaskWatch.commandLine().getSubcommands().get("dev-stack").getCommandSpec();
        var local = io.maskwatch.server.config.ServerConfig.load(Path.of("../config/server.local.yaml"), name -> null);
        assertThat(local.kafka().bootstrapServers())
                .isEqualTo("127.0.0.1:" + devStack.findOption("--kafka-port").defaultValue());
        assertThat(local.postgres().url())
                .isEqualTo("jdbc:postgresql://localhost:"
                        + devStack.findOption("--pg-port").defaultValue() + "/postgres");
        assertThat(local.postgres().user()).isEqualTo("postgres");
        assertThat(local.smtp().port())
                .isEqualTo(Integer.valueOf(devStack.findOption("--smtp-port").defaultValue()));
        assertThat(local.smtp().tls()).isEqualTo("none");
        // dev-stack serves the dashboard (with its own login); a second one here would want the same port.
        assertThat(local.dashboard().enabled()).isFalse();
    }

    @Test
    void aBusyPortIsNamedWithTheFlagThatChangesIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run run = run(
                    "dev-stack",
                    "--dir",
                    dir.resolve("stack").toString(),
                    "--kafka-port",
                    "0",
                    "--pg-port",
                    "0",
                    "--smtp-port",
                    "" + taken.getLocalPort());
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err())
                    .startsWith("error: port " + taken.getLocalPort() + " for the SMTP sink is in use")
                    .contains("--smtp-port")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void whatAKilledDevStackLeftIsStoppedAndClearedAtTheNextStart() throws Exception {
        Path stack = dir.resolve("stale");
        Path postgres = Files.createDirectories(stack.resolve(StaleDevStack.POSTGRES));
        Files.createDirectories(stack.resolve(StaleDevStack.KAFKA).resolve("broker-0"));
        // A stand-in for the PostgreSQL server a kill -9 of dev-stack leaves running.
        Process leftover = new ProcessBuilder("sleep", "600").start();
        try {
            Files.writeString(postgres.resolve("postmaster.pid"), leftover.pid() + "\n" + postgres + "\n");

            StaleDevStack.clear(stack);

            assertThat(leftover.waitFor(20, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            assertThat(stack.resolve(StaleDevStack.POSTGRES)).doesNotExist();
            assertThat(stack.resolve(StaleDevStack.KAFKA)).doesNotExist();
        } finally {
            leftover.destroyForcibly();
        }
    }

    @Test
    void missingPostgresUrlIsAOneLineUserError() {
        Run run = run("ingress");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: postgres.url is not set").doesNotContain("\tat ");
    }

    @Test
    void saslWithoutPasswordNamesTheVariable() throws Exception {
        Path config = dir.resolve("edge.yaml");
        Files.writeString(config, """
                device: {guid: d1, type: pi, enrolled_on: "2020-01-01 10:00:00"}
                store: {path: %s}
                kafka: {bootstrap_servers: "localhost:9", security_protocol: SASL_SSL, sasl_mechanism: PLAIN,
                        sasl_username: key, sasl_password_env: MASKWATCH_TEST_UNSET_PASSWORD}
                """.formatted(dir.resolve("events.db")));
        EventStore.open(dir.resolve("events.db")).close();
        Run run = run("dispatch", "--config", config.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("export MASKWATCH_TEST_UNSET_PASSWORD=");
    }

    @Test
    void dispatchOnAStoreThatDoesNotExistIsAUserErrorAndCreatesNothing() {
        Path missing = dir.resolve("nonexistent-dir/x.db");
        Run run = run("dispatch", "--store", missing.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: store " + missing + " does not exist")
                .contains("run detect first")
                .doesNotContain("\tat ");
        assertThat(missing.getParent()).doesNotExist();

        Run folder = run("dispatch", "--store", dir.toString());
        assertThat(folder.exit()).isEqualTo(2);
        assertThat(folder.err()).startsWith("error: store " + dir + " is a folder");
    }
}
