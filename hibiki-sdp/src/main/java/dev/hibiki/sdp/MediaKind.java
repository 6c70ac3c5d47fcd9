package dev.hibiki.sdp;

/** The kind of an m= section an SFU offers. */
public enum MediaKind {
    AUDIO(MediaDescription.AUDIO),
    VIDEO(MediaDescription.VIDEO),
    /** The SCTP data channel section. */
    APPLICATION(MediaDescription.APPLICATION);

    private final String sdpName;

    MediaKind(String sdpName) {
        this.sdpName = sdpName;
    }

    public String sdpName() {
        return sdpName;
    }

    public boolean isRtp() {
        return this != APPLICATION;
    }
}
