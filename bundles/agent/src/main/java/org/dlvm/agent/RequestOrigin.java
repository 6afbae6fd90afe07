package org.dlvm.agent;

/**
 * Whether a request comes from the controller: the broker stamps every message with the user
 * that sent it ({@code populate-validated-user} in etc/artemis.xml), which no client can forge.
 * The broker's security settings already let only the controller send to an agent's queue; this
 * check holds also on a broker configured more loosely than DLVM ships it.
 */
final class RequestOrigin {
    private RequestOrigin() {
    }

    /** Null when {@code validatedUser} is the controller's, otherwise why the request is refused. */
    static String refusal(String validatedUser, String controllerUser) {
        if (validatedUser == null) {
            return "refused: the request carries no validated sender (the broker must set populate-validated-user)";
        }
        if (!validatedUser.equals(controllerUser)) {
            return "refused: the request was sent by broker user '" + validatedUser + "', not by the controller ('"
                    + controllerUser + "')";
        }
        return null;
    }
}
