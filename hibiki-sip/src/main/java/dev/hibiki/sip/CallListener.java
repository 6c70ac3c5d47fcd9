package dev.hibiki.sip;

/** Told of every status change of every call, on a gateway thread; must return quickly. */
@FunctionalInterface
public interface CallListener {
    void onStatusChange(CallSnapshot call);
}
