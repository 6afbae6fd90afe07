package org.dlvm.rest;

/** Checks a user and password; the appliance's is the Karaf JAAS realm. */
interface Authenticator {
    boolean authenticate(String user, String password);
}
