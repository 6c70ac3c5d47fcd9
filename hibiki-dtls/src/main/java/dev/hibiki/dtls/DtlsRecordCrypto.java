package dev.hibiki.dtls;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.security.SecureRandom;

/**
 * BouncyCastle's TLS crypto with AES-GCM records computed without multiplication tables. In DTLS-SRTP the record
 * layer carries only the handshake's last flight and alerts (media goes over SRTP), but every connection keeps its
 * two record ciphers for its whole life, and with BouncyCastle's default 4 KB-table GCM multiplier they take ~20 KB
 * per connection: 769,000 small arrays for the collector to trace at 1,500 connections (a heap dump of the server
 * under {@code bench/fanout.sh}; docs/benchmarks-history.md, "Memory per connection").
 */
final class DtlsRecordCrypto extends BcTlsCrypto {

    DtlsRecordCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    protected AEADBlockCipher createGCMMode(BlockCipher engine) {
        return GCMBlockCipher.newInstance(engine, new BasicGCMMultiplier());
    }
}
