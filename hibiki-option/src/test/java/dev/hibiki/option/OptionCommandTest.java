package dev.hibiki.option;

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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static dev.hibiki.option.OptionServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code hibiki option init} on a database of its own, then a login with what it printed. */
class OptionCommandTest {

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
        CommandLine cli = new CommandLine(new OptionCommand());
        ConfigOptions.addTo(cli, new InstalledFeatures(List.of(new LiveFeature(), new OptionFeature())));
        String[] withDataDir = new String[args.length + 2];
        System.arraycopy(args, 0, withDataDir, 0, args.length);
        withDataDir[args.length] = "--data-dir";
        withDataDir[args.length + 1] = dataDir.toString();
        return cli.execute(withDataDir);
    }

    @Test
    void initPrintsOneShellAssignmentWhoseCodeLogsTheMasterIn() {
        assertThat(run("init", "--name", "Example Org", "--email", "Admin@Example.com", "--password", "Password123"))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("ACCESS_CODE=[0-9a-z]{20}");
        String accessCode = lines.get(0).substring("ACCESS_CODE=".length());

        try (OptionServer server = new OptionServer(dataDir, TestDatabase.H2.settings(dataDir), OptionSettings.DEFAULT)) {
            HttpResponse<String> login = server.postLogin("admin@example.com", "Password123", accessCode,
                    OptionServer.nextAddress());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            assertThat(json(login).get("user").get("name").asText()).isEqualTo("Admin");
            assertThat(json(login).get("user").get("is_master").asBoolean()).isTrue();
        }
    }

    @Test
    void aShortPasswordOrABadEmailIsRefusedWithoutCreatingAnything() {
        assertThat(run("init", "--name", "Org", "--email", "a@example.com", "--password", "short")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("password must be 8 to 128 characters");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(run("init", "--name", "Org", "--email", "not-an-email", "--password", "Password123")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("email must be an email address");
    }
}
