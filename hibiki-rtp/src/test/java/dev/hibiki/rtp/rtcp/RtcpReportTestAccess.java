package dev.hibiki.rtp.rtcp;

/** Exposes test samples of this package to the fuzz test. */
public final class RtcpReportTestAccess {
    public static final String FIREFOX_COMPOUND = RtcpReportTest.FIREFOX_COMPOUND;

    private RtcpReportTestAccess() {}
}
