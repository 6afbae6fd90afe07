package org.dlvm.api;

/**
 * Whether a dvg's mirrors must put their legs in distinct failure domains (racks, zones):
 * {@code preferred} does when the dvg has enough domains with space and falls back to distinct
 * dpvs otherwise; {@code required} refuses (409 {@code no_failure_domain}) instead. A dpv without
 * a domain is a domain of its own.
 */
public enum DomainPolicy {
    preferred, required
}
