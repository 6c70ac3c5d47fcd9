package dev.hibiki.storage;

import com.google.cloud.BaseServiceException;
import dev.hibiki.net.DestinationNotAllowedException;

/** Turns what the Cloud Storage client threw into a {@link StoreException} that says what to fix. */
final class GcsFailures {
    private final Destination destination;
    private final String account;

    /** @param account the service account's e-mail address, which Google names in its refusals anyway */
    GcsFailures(Destination destination, String account) {
        this.destination = destination;
        this.account = account;
    }

    StoreException classify(Exception e) {
        DestinationNotAllowedException refused = CheckedDnsResolver.refusal(e);
        if (refused != null) {
            return new StoreException(FailureReason.NOT_ALLOWED, "the token_uri of gcp_credential_json: "
                    + refused.getMessage(), e);
        }
        if (isTokenFailure(e)) {
            String problem = Causes.connectionProblem(e);
            if (problem != null) {
                return new StoreException(FailureReason.UNREACHABLE, "could not reach Google's token service to"
                        + " sign in as " + account + ": " + problem, e);
            }
            return new StoreException(FailureReason.INVALID_CREDENTIALS, "Google did not accept the service-account"
                    + " key of " + account + " (it may have been deleted or disabled); check gcp_credential_json", e);
        }
        int code = e instanceof BaseServiceException s ? s.getCode() : 0;
        String said = "Cloud Storage answered " + code;
        return switch (code) {
            case 401 -> new StoreException(FailureReason.INVALID_CREDENTIALS, "the service-account key of " + account
                    + " was not accepted (" + said + "); check gcp_credential_json", e);
            case 403 -> new StoreException(FailureReason.ACCESS_DENIED, "access denied to " + destination.uri() + " ("
                    + said + "): " + account + " needs storage.objects.create and storage.objects.delete on the"
                    + " bucket (the role Storage Object User has both)", e);
            case 404 -> new StoreException(FailureReason.BUCKET_NOT_FOUND, "bucket \"" + destination.bucket()
                    + "\" does not exist (" + said + "); check the bucket name in bucket_uri", e);
            default -> {
                String problem = Causes.connectionProblem(e);
                if (code == 0 && problem != null) {
                    yield new StoreException(FailureReason.UNREACHABLE, "could not reach Cloud Storage: " + problem, e);
                }
                yield new StoreException(FailureReason.OTHER, (code == 0 ? "the request to Cloud Storage failed"
                        : said) + ": " + e.getMessage(), e);
            }
        };
    }

    /** Getting an access token for the key failed (google-auth's exceptions, or the OAuth client's error answer). */
    private static boolean isTokenFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String n = c.getClass().getName();
            if (n.equals("com.google.auth.oauth2.GoogleAuthException")
                    || n.equals("com.google.api.client.auth.oauth2.TokenResponseException")
                    || c.getMessage() != null && c.getMessage().startsWith("Error getting access token")) {
                return true;
            }
            if (c.getCause() == c) break;
        }
        return false;
    }
}
