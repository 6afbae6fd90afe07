package org.dlvm.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class CachingAuthenticatorTest {
    /** A realm whose accounts the test changes, counting the logins that reach it. */
    private final Map<String, String> passwords = new HashMap<>(Map.of("ops", "secret"));
    private int logins;
    private final Authenticator realm = (user, password) -> {
        logins++;
        return password.equals(passwords.get(user)) ? Set.of("admin") : null;
    };
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    public void aSuccessIsRememberedUntilItsTimeIsUp() {
        CachingAuthenticator auth = new CachingAuthenticator(realm, 30_000, 16, now::get);
        assertEquals(Set.of("admin"), auth.roles("ops", "secret"));
        assertEquals(Set.of("admin"), auth.roles("ops", "secret"));
        assertEquals(1, logins);
        passwords.put("ops", "changed");
        now.addAndGet(29_999);
        assertEquals("within the time the old password still works", Set.of("admin"), auth.roles("ops", "secret"));
        now.addAndGet(1);
        assertNull("after it, the realm decides again", auth.roles("ops", "secret"));
        assertEquals(2, logins);
    }

    @Test
    public void anotherPasswordOrAFailureIsNeverTakenFromTheCache() {
        CachingAuthenticator auth = new CachingAuthenticator(realm, 30_000, 16, now::get);
        auth.roles("ops", "secret");
        assertNull(auth.roles("ops", "guess"));
        assertNull(auth.roles("ops", "guess"));
        assertNull(auth.roles("nobody", "secret"));
        assertEquals("every wrong attempt reaches the realm (and its audit)", 4, logins);
    }

    @Test
    public void zeroSecondsMeansEveryRequestLogsIn() {
        CachingAuthenticator auth = new CachingAuthenticator(realm, 0, 16, now::get);
        auth.roles("ops", "secret");
        auth.roles("ops", "secret");
        assertEquals(2, logins);
    }

    @Test
    public void theCacheStaysWithinItsBound() {
        CachingAuthenticator auth = new CachingAuthenticator(realm, 30_000, 4, now::get);
        for (int i = 0; i < 10; i++) {
            passwords.put("u" + i, "p");
            auth.roles("u" + i, "p");
        }
        logins = 0;
        for (int i = 0; i < 10; i++) {
            auth.roles("u" + i, "p");
        }
        assertTrue("at most 4 of the 10 were still remembered: " + logins, logins >= 6);
    }
}
