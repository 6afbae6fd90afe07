package org.dlvm.rest;

import java.util.HashSet;
import java.util.Set;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;

final class JaasAuthenticator implements Authenticator {
    private final String realm;

    JaasAuthenticator(String realm) {
        this.realm = realm;
    }

    @Override
    public Set<String> roles(String user, String password) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Karaf's JAAS configuration hands out its proxy login module by class name
        thread.setContextClassLoader(getClass().getClassLoader());
        try {
            LoginContext login = new LoginContext(realm, new Subject(), callbacks -> {
                for (javax.security.auth.callback.Callback c : callbacks) {
                    if (c instanceof NameCallback) {
                        ((NameCallback) c).setName(user);
                    } else if (c instanceof PasswordCallback) {
                        ((PasswordCallback) c).setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            });
            login.login();
            Set<String> roles = new HashSet<>();
            login.getSubject().getPrincipals(RolePrincipal.class).forEach(r -> roles.add(r.getName()));
            login.logout();
            return roles;
        } catch (LoginException e) {
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
