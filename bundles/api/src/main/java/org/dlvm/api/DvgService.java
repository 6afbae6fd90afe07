package org.dlvm.api;

import java.util.List;

public interface DvgService {
    default Dvg create(String name) {
        return create(name, DomainPolicy.preferred);
    }

    Dvg create(String name, DomainPolicy domainPolicy);

    /** How the dvg's new mirrors (creates, extends, repairs) use failure domains. */
    Dvg setDomainPolicy(String name, DomainPolicy domainPolicy);

    /**
     * How long a dpv of the dvg may stay unavailable before its legs are replaced, in seconds
     * (1 to {@value Dvg#MAX_REPAIR_AFTER_SECONDS}); null: the controller's default.
     */
    Dvg setRepairWindow(String name, Long repairAfterSeconds);

    /** One page in name order. */
    Page<Dvg> list(ListQuery query);

    /** All of them, page by page. */
    default List<Dvg> list() {
        return Page.all(this::list);
    }

    Dvg get(String name);

    Dvg extend(String dvg, String dpv);

    Dvg reduce(String dvg, String dpv);

    void delete(String name);
}
