package dev.hibiki.ricoh;

import dev.hibiki.live.LiveFeature;
import dev.hibiki.platform.InstalledFeatures;
import dev.hibiki.platform.cli.ConfigOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hibiki client create/list/revoke} on a database of its own, as an operator runs them. */
class ClientCommandTest {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        CommandLine cli = new CommandLine(new ClientCommand());
        ConfigOptions.addTo(cli, new InstalledFeatures(List.of(new LiveFeature(), new RicohFeature())));
        String[] withDataDir = new String[args.length + 2];
        System.arraycopy(args, 0, withDataDir, 0, args.length);
        withDataDir[args.length] = "--data-dir";
        withDataDir[args.length + 1] = dataDir.toString();
        return cli.execute(withDataDir);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void createPrintsTheIdAndSecretAsTwoShellAssignmentsThenListAndRevokeFindTheClient() {
        assertThat(run("create", "--name", "web app", "--max-rooms", "3")).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("CLIENT_ID=[0-9a-z]{26}");
        assertThat(lines.get(1)).matches("CLIENT_SECRET=[A-Za-z0-9_-]{43}");
        String id = lines.get(0).substring("CLIENT_ID=".length());

        assertThat(run("list")).isZero();
        assertThat(out()).contains(id).contains("web app").doesNotContain(lines.get(1).substring("CLIENT_SECRET=".length()));

        assertThat(run("revoke", id)).isZero();
        assertThat(out()).contains("revoked " + id);
        assertThat(run("revoke", "no-such-client")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no client with id no-such-client");
    }

    @Test
    void aRoomLimitBelowOneIsRefused() {
        assertThat(run("create", "--name", "x", "--max-rooms", "0")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--max-rooms must be 1 to 100000");
        assertThat(out()).isEmpty();
    }
}
