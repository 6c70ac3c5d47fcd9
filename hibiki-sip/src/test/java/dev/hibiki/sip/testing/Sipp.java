package dev.hibiki.sip.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * sipp (Debian sip-tester) as the far end: a UAS that challenges every INVITE with 401, checks the digest
 * ({@code verifyauth}), answers 403 to a wrong password, else rings, answers with PCMU and streams a tone WAV the
 * test generated ({@code rtp_stream}); then it waits for the gateway's BYE or sends its own.
 */
public final class Sipp implements AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "secret";

    /** What the UAS does once the call is up. */
    public enum AfterAnswer {
        /** Wait for the gateway's BYE. */
        WAIT_FOR_BYE,
        /** Hang up itself after {@code hangUpAfterMillis}. */
        SEND_BYE,
        /** Send no RTP at all (for the RTP timeout) and wait for BYE. */
        SILENT_WAIT_FOR_BYE,
        /** Never answer: ring until the gateway sends CANCEL, then end the INVITE with 487. */
        RING_UNTIL_CANCEL,
        /** After {@code hangUpAfterMillis}, send a re-INVITE (new SDP version), ACK its 200, then wait for BYE. */
        REINVITE_THEN_WAIT_FOR_BYE
    }

    private final Path dir;
    private final Process process;
    private final int port;

    public Sipp(AfterAnswer after, int ringMillis, int hangUpAfterMillis, String transport)
            throws IOException, InterruptedException {
        this(after, ringMillis, hangUpAfterMillis, transport, USER, PASSWORD);
    }

    /** A UAS that accepts the digest of {@code user} / {@code password} instead of {@link #USER} / {@link #PASSWORD}. */
    public Sipp(AfterAnswer after, int ringMillis, int hangUpAfterMillis, String transport, String user, String password)
            throws IOException, InterruptedException {
        this(wav -> scenario(after, ringMillis, hangUpAfterMillis, wav, user, password), transport);
    }

    /**
     * A UAS like {@code new Sipp(WAIT_FOR_BYE, 0, 0, "udp")} whose SDP answer (and RTP) uses {@code mediaAddress}, a
     * loopback address other than 127.0.0.1.
     */
    public static Sipp answeringWithMediaOn(String mediaAddress) throws IOException, InterruptedException {
        return new Sipp(wav -> scenario(AfterAnswer.WAIT_FOR_BYE, 0, 0, wav, USER, PASSWORD), "udp", mediaAddress);
    }

    /**
     * A UAS like {@code new Sipp(WAIT_FOR_BYE, 0, 0, "udp")} whose 180 and 200 name {@code contact} ({@code host:port})
     * as its Contact, where the dialog's ACK and BYE would go.
     */
    public static Sipp answeringWithContact(String contact) throws IOException, InterruptedException {
        return new Sipp(wav -> scenario(AfterAnswer.WAIT_FOR_BYE, 0, 0, wav, USER, PASSWORD).replace(
                "Contact: <sip:service@[local_ip]:[local_port];transport=[transport]>",
                "Contact: <sip:service@" + contact + ">"), "udp");
    }

    /** A registrar only: challenges REGISTER, checks the digest, answers 200 (or 403). */
    public static Sipp registrar(String transport) throws IOException, InterruptedException {
        return new Sipp(wav -> REGISTRAR.formatted(USER, PASSWORD), transport);
    }

    /** A registrar that answers every REGISTER (three of them) with 200 and a short {@code Expires}, without challenge. */
    public static Sipp shortExpiryRegistrar(int expiresSeconds) throws IOException, InterruptedException {
        String ok = """
                  <recv request="REGISTER"/>
                  <send><![CDATA[
                SIP/2.0 200 OK
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag05[call_number]
                [last_Call-ID:]
                [last_CSeq:]
                Expires: %d
                Content-Length: 0

                ]]></send>
                """.formatted(expiresSeconds);
        return new Sipp(wav -> """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <!DOCTYPE scenario SYSTEM "sipp.dtd">
                <scenario name="hibiki short expiry registrar">
                """ + ok + ok + ok + "</scenario>\n", "udp");
    }

    private Sipp(java.util.function.Function<Path, String> scenarioOfWav, String transport)
            throws IOException, InterruptedException {
        this(scenarioOfWav, transport, "127.0.0.1");
    }

    private Sipp(java.util.function.Function<Path, String> scenarioOfWav, String transport, String mediaAddress)
            throws IOException, InterruptedException {
        dir = Files.createTempDirectory("hibiki-sipp");
        Path wav = dir.resolve("tone.wav");
        Process ff = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=8000:duration=5", "-ac", "1", "-ar", "8000", "-c:a", "pcm_mulaw",
                wav.toString()).redirectErrorStream(true).start();
        if (!ff.waitFor(30, TimeUnit.SECONDS) || ff.exitValue() != 0) {
            throw new IOException("ffmpeg could not make the tone: " + new String(ff.getInputStream().readAllBytes()));
        }
        Path scenario = dir.resolve("uas.xml");
        Files.writeString(scenario, scenarioOfWav.apply(wav));
        port = FreePorts.udpAndTcp();
        int mediaPort = freeUdp();
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", scenario.toString(), "-i", "127.0.0.1", "-p",
                Integer.toString(port), "-mi", mediaAddress, "-mp", Integer.toString(mediaPort), "-t",
                transport.equals("tcp") ? "t1" : "u1", "-nostdin", "-trace_err", "-trace_msg", "-message_file", dir.resolve("messages.log").toString(), "-error_file",
                dir.resolve("errors.log").toString()));
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start();
        // sipp binds before it reads the scenario further; give it a moment and check it is alive
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("sipp exited: " + output());
            if (transport.equals("tcp") ? listening(port) : bound(port)) return;
            Thread.sleep(50);
        }
        throw new IOException("sipp did not bind " + port + ": " + output());
    }

    private static boolean bound(int port) {
        try (DatagramSocket s = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeUdp() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** Every SIP message sipp sent and received so far. */
    public String messages() {
        try {
            return Files.readString(dir.resolve("messages.log"));
        } catch (IOException e) {
            return "";
        }
    }

    public String output() {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("sipp.out", "errors.log")) {
            try {
                b.append(Files.readString(dir.resolve(f))).append('\n');
            } catch (IOException e) {
                // not written
            }
        }
        return b.toString();
    }

    private static final String REGISTRAR = """
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <!DOCTYPE scenario SYSTEM "sipp.dtd">
            <scenario name="hibiki registrar">
              <recv request="REGISTER"/>
              <send><![CDATA[
            SIP/2.0 401 Unauthorized
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag03[call_number]
            [last_Call-ID:]
            [last_CSeq:]
            WWW-Authenticate: Digest realm="hibiki.test", nonce="[pid]r[call_number]", algorithm=MD5
            Content-Length: 0

            ]]></send>
              <recv request="REGISTER">
                <action>
                  <verifyauth assign_to="authvalid" username="%s" password="%s"/>
                </action>
              </recv>
              <nop hide="true" test="authvalid" next="good"/>
              <send next="done"><![CDATA[
            SIP/2.0 403 Forbidden
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag03[call_number]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

            ]]></send>
              <label id="good"/>
              <send><![CDATA[
            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag03[call_number]
            [last_Call-ID:]
            [last_CSeq:]
            [last_Contact:];expires=60
            Expires: 60
            Content-Length: 0

            ]]></send>
              <label id="done"/>
            </scenario>
            """;

    private static String scenario(AfterAnswer after, int ringMillis, int hangUpAfterMillis, Path wav, String user,
                                   String password) {
        if (after == AfterAnswer.RING_UNTIL_CANCEL) return ringUntilCancel();
        String rtp = after == AfterAnswer.SILENT_WAIT_FOR_BYE ? ""
                : "<nop><action><exec rtp_stream=\"" + wav + ",-1,0\"/></action></nop>";
        String end = switch (after) {
            case WAIT_FOR_BYE, SILENT_WAIT_FOR_BYE, RING_UNTIL_CANCEL, REINVITE_THEN_WAIT_FOR_BYE ->
                    (after == AfterAnswer.REINVITE_THEN_WAIT_FOR_BYE ? REINVITE.formatted(hangUpAfterMillis) : "") + """
                      <recv request="BYE"/>
                      <send><![CDATA[
                    SIP/2.0 200 OK
                    [last_Via:]
                    [last_From:]
                    [last_To:]
                    [last_Call-ID:]
                    [last_CSeq:]
                    Content-Length: 0

                    ]]></send>
                    """;
            case SEND_BYE -> """
                      <pause milliseconds="%d"/>
                      <send retrans="500"><![CDATA[
                    BYE [next_url] SIP/2.0
                    Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                    From:[$ourto]
                    To:[$gwfrom]
                    [last_Call-ID:]
                    CSeq: 2 BYE
                    Contact: <sip:service@[local_ip]:[local_port];transport=[transport]>
                    Max-Forwards: 70
                    Content-Length: 0

                    ]]></send>
                      <recv response="200"/>
                    """.formatted(hangUpAfterMillis);
        };
        return """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <!DOCTYPE scenario SYSTEM "sipp.dtd">
                <scenario name="hibiki gateway far end">
                  <recv request="INVITE"/>
                  <send><![CDATA[
                SIP/2.0 401 Unauthorized
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag01[call_number]
                [last_Call-ID:]
                [last_CSeq:]
                WWW-Authenticate: Digest realm="hibiki.test", nonce="[pid]n[call_number]", algorithm=MD5
                Content-Length: 0

                ]]></send>
                  <recv request="ACK"/>
                  <recv request="INVITE" rrs="true">
                    <action>
                      <verifyauth assign_to="authvalid" username="%s" password="%s"/>
                    </action>
                  </recv>
                  <nop hide="true" test="authvalid" next="good"/>
                  <send><![CDATA[
                SIP/2.0 403 Forbidden
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag02[call_number]
                [last_Call-ID:]
                [last_CSeq:]
                Content-Length: 0

                ]]></send>
                  <recv request="ACK" next="done"/>
                  <label id="good"/>
                  <send><![CDATA[
                SIP/2.0 180 Ringing
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag02[call_number]
                [last_Call-ID:]
                [last_CSeq:]
                Contact: <sip:service@[local_ip]:[local_port];transport=[transport]>
                Content-Length: 0

                ]]></send>
                  <pause milliseconds="%d"/>
                  <send retrans="500"><![CDATA[
                SIP/2.0 200 OK
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag02[call_number]
                [last_Call-ID:]
                [last_CSeq:]
                Contact: <sip:service@[local_ip]:[local_port];transport=[transport]>
                Content-Type: application/sdp
                Content-Length: [len]

                v=0
                o=sipp 1 1 IN IP[local_ip_type] [local_ip]
                s=-
                c=IN IP[media_ip_type] [media_ip]
                t=0 0
                m=audio [media_port] RTP/AVP 0
                a=rtpmap:0 PCMU/8000

                ]]></send>
                  %s
                  %s
                  %s
                  <label id="done"/>
                </scenario>
                """.formatted(user, password, ringMillis, ack(after), rtp, end);
    }

    private static final String REINVITE = """
              <pause milliseconds="%d"/>
              <send retrans="500"><![CDATA[
            INVITE [next_url] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From:[$ourto]
            To:[$gwfrom]
            [last_Call-ID:]
            CSeq: 3 INVITE
            Contact: <sip:service@[local_ip]:[local_port];transport=[transport]>
            Max-Forwards: 70
            Content-Type: application/sdp
            Content-Length: [len]

            v=0
            o=sipp 1 2 IN IP[local_ip_type] [local_ip]
            s=-
            c=IN IP[media_ip_type] [media_ip]
            t=0 0
            m=audio [media_port] RTP/AVP 0
            a=rtpmap:0 PCMU/8000

            ]]></send>
              <recv response="100" optional="true"/>
              <recv response="200"/>
              <send><![CDATA[
            ACK [next_url] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From:[$ourto]
            To:[$gwfrom]
            [last_Call-ID:]
            CSeq: 3 ACK
            Contact: <sip:service@[local_ip]:[local_port];transport=[transport]>
            Max-Forwards: 70
            Content-Length: 0

            ]]></send>
            """;

    private static String ringUntilCancel() {
        return """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <!DOCTYPE scenario SYSTEM "sipp.dtd">
                <scenario name="hibiki ring until cancel">
                  <recv request="INVITE">
                    <action>
                      <ereg regexp=".*" search_in="hdr" header="CSeq:" assign_to="invitecseq"/>
                    </action>
                  </recv>
                  <send><![CDATA[
                SIP/2.0 180 Ringing
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag04[call_number]
                [last_Call-ID:]
                [last_CSeq:]
                Contact: <sip:service@[local_ip]:[local_port];transport=[transport]>
                Content-Length: 0

                ]]></send>
                  <recv request="CANCEL"/>
                  <send><![CDATA[
                SIP/2.0 200 OK
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag04[call_number]
                [last_Call-ID:]
                [last_CSeq:]
                Content-Length: 0

                ]]></send>
                  <send><![CDATA[
                SIP/2.0 487 Request Terminated
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag04[call_number]
                [last_Call-ID:]
                CSeq:[$invitecseq]
                Content-Length: 0

                ]]></send>
                  <recv request="ACK"/>
                </scenario>
                """;
    }

    private static String ack(AfterAnswer after) {
        if (after != AfterAnswer.SEND_BYE && after != AfterAnswer.REINVITE_THEN_WAIT_FOR_BYE) {
            return "<recv request=\"ACK\"/>";
        }
        // the BYE sipp sends swaps the dialog's From and To, as the ACK carried them
        return """
                <recv request="ACK">
                    <action>
                      <ereg regexp=".*" search_in="hdr" header="From:" assign_to="gwfrom"/>
                      <ereg regexp=".*" search_in="hdr" header="To:" assign_to="ourto"/>
                    </action>
                  </recv>""";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        TempDirs.delete(dir);
    }
}
