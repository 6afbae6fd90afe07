package org.dlvm.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers a successful login for a short while: a JAAS login per request (the realm's login
 * modules, its audit events) cost more controller CPU than the request itself. Only successes are
 * kept, under a salted hash of the password, never the password; a changed or removed account takes
 * effect within {@code ttlMillis}. Bounded: when full, expired entries go first, then everything.
 */
final class CachingAuthenticator implements Authenticator {
    private record Entry(Set<String> roles, long until) {
    }

    private final Authenticator realm;
    private final long ttlMillis;
    private final int maxEntries;
    private final LongSupplier clock;
    private final byte[] salt = new byte[16];
    private final Map<String, Entry> logins = new ConcurrentHashMap<>();

    CachingAuthenticator(Authenticator realm, long ttlMillis, int maxEntries, LongSupplier clock) {
        this.realm = realm;
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
        this.clock = clock;
        new SecureRandom().nextBytes(salt);
    }

    @Override
    public Set<String> roles(String user, String password) {
        if (ttlMillis <= 0) {
            return realm.roles(user, password);
        }
        String key = key(user, password);
        long now = clock.getAsLong();
        Entry known = logins.get(key);
        if (known != null && now < known.until()) {
            return known.roles();
        }
        Set<String> roles = realm.roles(user, password);
        if (roles == null) {
            logins.remove(key);
            return null;
        }
        if (logins.size() >= maxEntries) {
            evict(now);
        }
        logins.put(key, new Entry(Set.copyOf(roles), now + ttlMillis));
        return roles;
    }

    private void evict(long now) {
        for (Iterator<Entry> it = logins.values().iterator(); it.hasNext();) {
            if (now >= it.next().until()) {
                it.remove();
            }
        }
        if (logins.size() >= maxEntries) {
            logins.clear();
        }
    }

    /** The user and a salted SHA-256 of the password: what a heap dump of the cache shows. */
    private String key(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(user.length() + 65).append(user).append('\0');
            for (byte b : sha.digest()) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
