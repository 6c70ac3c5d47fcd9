package dev.hibiki.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SrtpBackendTest {
    @Test
    void reportsTheBackendAndUsesOpenSslOnLinuxX8664() {
        String description = SrtpBackend.describe();
        System.out.println("SRTP backend in this JVM: " + description);
        if (isLinuxX8664WithOpenSsl3()) {
            assertThat(SrtpBackend.isNativeLoaded()).isTrue();
            assertThat(description).contains("AES/CTR=JitsiOpenSslProvider", "AES/GCM=JitsiOpenSslProvider",
                    "HmacSHA1=JitsiOpenSslProvider");
        }
    }

    /**
     * Simulates a platform without jitsi's native library (as on an unsupported OS/CPU or without
     * OpenSSL): a child JVM runs with the jitsi-srtp jar stripped of its .so/.dylib files and must
     * still produce the published vectors with JDK providers.
     */
    @Test
    void fallsBackToJavaProvidersWithoutTheNativeLibrary(@TempDir Path dir) throws Exception {
        Path jitsiJar = Path.of(JitsiOpenSslProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path stripped = dir.resolve("jitsi-srtp-without-natives.jar");
        copyWithoutNatives(jitsiJar, stripped);

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().equals(jitsiJar.toAbsolutePath()) ? stripped.toString() : entry);
        }
        assertThat(entries).contains(stripped.toString());

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", String.join(File.pathSeparator, entries),
                SrtpFallbackProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.out.println("fallback child JVM:\n" + output);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("vectors: ok", "identical GCM packet protected twice: ");
        String backend = output.lines().filter(l -> l.startsWith("backend: ")).findFirst().orElseThrow();
        assertThat(backend).startsWith("backend: native=false").doesNotContain("JitsiOpenSslProvider");
    }

    private static void copyWithoutNatives(Path from, Path to) throws IOException {
        try (JarFile jar = new JarFile(from.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(to))) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.endsWith(".so") || name.endsWith(".dylib") || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = jar.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    private static boolean isLinuxX8664WithOpenSsl3() {
        return System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64")
                && (Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
                    || Files.exists(Path.of("/lib/x86_64-linux-gnu/libcrypto.so.3")));
    }
}
