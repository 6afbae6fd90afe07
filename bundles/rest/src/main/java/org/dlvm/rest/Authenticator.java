package org.dlvm.rest;

import java.util.Set;

/** Checks a user and password; the appliance's is the Karaf JAAS realm. */
interface Authenticator {
    /** The user's roles, or null when the user or password is wrong. */
    Set<String> roles(String user, String password);
}
