package org.dlvm.worker;

import java.time.Clock;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

import org.dlvm.api.DlvmException;
import org.dlvm.api.DomainPolicy;
import org.dlvm.api.Dvg;
import org.dlvm.api.DvgService;
import org.dlvm.api.ListQuery;
import org.dlvm.api.Page;
import org.dlvm.api.Names;
import org.dlvm.store.DpvEntity;
import org.dlvm.store.DvgEntity;
import org.dlvm.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** dvg changes only touch the database: sizes are sums over the member dpvs, never stored twice. */
@Component(service = DvgService.class)
public class DvgRegistry implements DvgService {
    private final Store store;
    private final Clock clock;

    @Activate
    public DvgRegistry(@Reference Store store) {
        this(store, Clock.systemUTC());
    }

    DvgRegistry(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Dvg create(String name, DomainPolicy domainPolicy) {
        Names.require("name", name);
        DomainPolicy policy = domainPolicy == null ? DomainPolicy.preferred : domainPolicy;
        return store.inTransaction(em -> {
            if (em.find(DvgEntity.class, name) != null) {
                throw DlvmException.conflict("exists", "a dvg named '" + name + "' exists");
            }
            DvgEntity dvg = new DvgEntity(name, clock.millis());
            dvg.setDomainPolicy(policy.name());
            em.persist(dvg);
            return view(em, name);
        });
    }

    @Override
    public Dvg setRepairWindow(String name, Long repairAfterSeconds) {
        Names.require("name", name);
        if (repairAfterSeconds != null && (repairAfterSeconds < 1 || repairAfterSeconds > Dvg.MAX_REPAIR_AFTER_SECONDS)) {
            throw DlvmException.invalid("invalid_repair_after_seconds", "repair_after_seconds must be 1 to "
                    + Dvg.MAX_REPAIR_AFTER_SECONDS + " (a week), or null for the controller's default; got "
                    + repairAfterSeconds);
        }
        return store.inTransaction(em -> {
            lock(em, name).setRepairAfterSeconds(repairAfterSeconds);
            return view(em, name);
        });
    }

    @Override
    public Dvg setDomainPolicy(String name, DomainPolicy domainPolicy) {
        Names.require("name", name);
        if (domainPolicy == null) {
            throw DlvmException.invalid("missing_field", "field 'domain_policy' is required");
        }
        return store.inTransaction(em -> {
            lock(em, name).setDomainPolicy(domainPolicy.name());
            return view(em, name);
        });
    }

    @Override
    public Page<Dvg> list(ListQuery query) {
        return store.inTransaction(em -> NamePages.page(em, DvgEntity.class, query, NamePages.filters(),
                DvgEntity::getName, d -> view(em, d.getName())));
    }

    @Override
    public Dvg get(String name) {
        Names.require("name", name);
        return store.inTransaction(em -> {
            find(em, name);
            return view(em, name);
        });
    }

    @Override
    public Dvg extend(String dvg, String dpvName) {
        Names.require("name", dvg);
        Names.require("dpv", dpvName);
        return store.inTransaction(em -> {
            lock(em, dvg);
            DpvEntity dpv = DpvRegistry.lock(em, dpvName);
            if (dpv.getDvg() != null && !dpv.getDvg().equals(dvg)) {
                throw DlvmException.conflict("in_other_dvg", "dpv '" + dpvName + "' is in dvg '" + dpv.getDvg() + "'");
            }
            dpv.setDvg(dvg);
            return view(em, dvg);
        });
    }

    @Override
    public Dvg reduce(String dvg, String dpvName) {
        Names.require("name", dvg);
        Names.require("dpv", dpvName);
        return store.inTransaction(em -> {
            lock(em, dvg);
            DpvEntity dpv = DpvRegistry.lock(em, dpvName);
            if (dpv.getDvg() == null) {
                return view(em, dvg);
            }
            if (!dpv.getDvg().equals(dvg)) {
                throw DlvmException.conflict("in_other_dvg", "dpv '" + dpvName + "' is in dvg '" + dpv.getDvg() + "'");
            }
            long legs = LegRows.on(em, dpvName);
            if (legs > 0) {
                throw DlvmException.conflict("in_use", "dpv '" + dpvName + "' holds " + legs + " legs (of dlvs "
                        + LegRows.dlvsOn(em, dpvName) + "); move or delete them first");
            }
            dpv.setDvg(null);
            return view(em, dvg);
        });
    }

    @Override
    public void delete(String name) {
        Names.require("name", name);
        store.inTransaction(em -> {
            DvgEntity dvg = lock(em, name);
            Dvg view = view(em, name);
            if (!view.dpvs().isEmpty()) {
                throw DlvmException.conflict("in_use", "dvg '" + name + "' still has dpvs " + view.dpvs());
            }
            if (view.dlvCount() > 0) {
                throw DlvmException.conflict("in_use", "dvg '" + name + "' still has " + view.dlvCount() + " dlvs");
            }
            em.remove(dvg);
            return null;
        });
    }

    private static DvgEntity find(EntityManager em, String name) {
        return found(em.find(DvgEntity.class, name), name);
    }

    /**
     * The dvg's row, locked until the transaction ends: every change of a dvg's membership and every
     * leg reservation in it takes this lock first, so the guards see the rows as they are at commit.
     */
    static DvgEntity lock(EntityManager em, String name) {
        return found(em.find(DvgEntity.class, name, LockModeType.PESSIMISTIC_WRITE), name);
    }

    private static DvgEntity found(DvgEntity dvg, String name) {
        if (dvg == null) {
            throw DlvmException.notFound("dvg", name);
        }
        return dvg;
    }

    private static Dvg view(EntityManager em, String name) {
        List<DpvEntity> members = em.createQuery("select d from DpvEntity d where d.dvg = :g", DpvEntity.class)
                .setParameter("g", name).getResultList();
        long dlvs = em.createQuery("select count(d) from DlvEntity d where d.dvg = :g", Long.class).setParameter("g", name)
                .getSingleResult();
        DvgEntity dvg = find(em, name);
        return Views.dvg(name, Views.domainPolicy(dvg.getDomainPolicy()), dvg.getRepairAfterSeconds(), members, (int) dlvs);
    }
}
