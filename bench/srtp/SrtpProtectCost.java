import dev.hibiki.srtp.SrtpKeys;
import dev.hibiki.srtp.SrtpProfile;
import dev.hibiki.srtp.SrtpTransformer;
import java.util.Random;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * CPU per protected RTP packet on the SFU's send path: Hibiki's SrtpTransformer (its RtpSealer on the JDK's AES)
 * against jitsi-srtp's context (OpenSSL through JNI when its native library loads), for M connections used round
 * robin, as a send worker does with its subscribers (M = 1: everything in the CPU cache; M = 1000: not).
 * Run by bench/srtp.sh, which builds the classpath.
 */
public class SrtpProtectCost {
    public static void main(String[] args) throws Exception {
        SrtpProfile profile = SrtpProfile.valueOf(args.length > 0 ? args[0] : "AEAD_AES_128_GCM");
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int packets = args.length > 2 ? Integer.parseInt(args[2]) : 3_000_000;
        int length = 780;
        Random random = new Random(1);
        SrtpTransformer[] hibiki = new SrtpTransformer[connections];
        SrtpCryptoContext[] jitsi = new SrtpCryptoContext[connections];
        for (int c = 0; c < connections; c++) {
            byte[] key = new byte[profile.masterKeyLength()];
            byte[] salt = new byte[profile.masterSaltLength()];
            random.nextBytes(key);
            random.nextBytes(salt);
            hibiki[c] = new SrtpTransformer(SrtpKeys.of(profile, key, salt, key, salt));
            jitsi[c] = new SrtpContextFactory(true, key, salt, policy(profile), policy(profile),
                    new LoggerImpl("bench")).deriveContext(0x1234, 0);
        }
        byte[] template = new byte[length];
        random.nextBytes(template);
        template[0] = (byte) 0x80;
        template[1] = 96;
        template[8] = 0x12; template[9] = 0x34; template[10] = 0; template[11] = 0; // SSRC 0x1234 for jitsi
        byte[] buf = new byte[length + 64];
        ByteArrayBuffer view = new ByteArrayBuffer() {
            int len;
            public byte[] getBuffer() { return buf; }
            public int getOffset() { return 0; }
            public int getLength() { return len; }
            public void setLength(int l) { len = l; }
            public void setOffset(int o) { }
            public boolean isInvalid() { return false; }
            public void readRegionToBuff(int off, int l, byte[] out) { System.arraycopy(buf, off, out, 0, l); }
            public void grow(int l) { if (l > buf.length) throw new IllegalStateException("no room"); }
            public void append(byte[] data, int l) { System.arraycopy(data, 0, buf, len, l); len += l; }
            public void shrink(int l) { len = Math.max(0, len - l); }
        };
        System.out.printf("%s, %d connections, %d-byte packets, JDK %s%n", profile, connections, length,
                Runtime.version());
        for (int round = 1; round <= 5; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < packets; i++) {
                System.arraycopy(template, 0, buf, 0, length);
                buf[2] = (byte) (i >> 8);
                buf[3] = (byte) i;
                if (hibiki[i % connections].protectRtp(buf, 0, length) < 0) throw new IllegalStateException("hibiki");
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < packets; i++) {
                System.arraycopy(template, 0, buf, 0, length);
                buf[2] = (byte) (i >> 8);
                buf[3] = (byte) i;
                view.setLength(length);
                jitsi[i % connections].transformPacket(view);
            }
            long t2 = System.nanoTime();
            System.out.printf("round %d: hibiki RtpSealer %.3f us/packet, jitsi-srtp %.3f us/packet%n", round,
                    (t1 - t0) / 1e3 / packets, (t2 - t1) / 1e3 / packets);
        }
    }

    private static SrtpPolicy policy(SrtpProfile p) {
        SrtpPolicy policy = p.isAead()
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, p.masterKeyLength(), SrtpPolicy.NULL_AUTHENTICATION, 0,
                        p.rtpOverhead(), p.masterSaltLength())
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, p.masterKeyLength(), SrtpPolicy.HMACSHA1_AUTHENTICATION,
                        20, p.rtpOverhead(), p.masterSaltLength());
        policy.setSendReplayEnabled(false);
        return policy;
    }
}
