package org.dlvm.node.linux;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Which kernel modules are loaded or could be, from /proc/modules and /lib/modules. */
public final class KernelModules {
    private KernelModules() {
    }

    /** Module names from /proc/modules ("dm_mod 184320 9 dm_thin_pool, Live 0x0"). */
    public static Set<String> loaded(String procModules) {
        Set<String> names = new HashSet<>();
        for (String line : procModules.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty()) {
                names.add(normalise(trimmed.split("\\s+")[0]));
            }
        }
        return names;
    }

    /**
     * Module names in modules.dep or modules.builtin ("kernel/drivers/md/dm-thin-pool.ko.xz: ..."),
     * where file names may spell '_' as '-'.
     */
    public static Set<String> installable(String modulesIndex) {
        Set<String> names = new HashSet<>();
        for (String line : modulesIndex.split("\n")) {
            int colon = line.indexOf(':');
            String path = (colon < 0 ? line : line.substring(0, colon)).trim();
            if (path.isEmpty()) {
                continue;
            }
            String file = path.substring(path.lastIndexOf('/') + 1);
            int ko = file.indexOf(".ko");
            if (ko > 0) {
                names.add(normalise(file.substring(0, ko)));
            }
        }
        return names;
    }

    /** The kernel treats '-' and '_' in module names alike. */
    public static String normalise(String module) {
        return module.replace('-', '_');
    }

    public static Optional<String> problem(String module, String description, boolean loaded, boolean installable,
            String kernelRelease) {
        if (loaded) {
            return Optional.empty();
        }
        String what = "kernel module " + module + " (" + description + ")";
        if (installable) {
            return Optional.of(what + " is not loaded: run modprobe " + module);
        }
        String kernel = kernelRelease == null || kernelRelease.isBlank() ? "this kernel" : "kernel " + kernelRelease;
        return Optional.of(what + " is not available in " + kernel + ": install the kernel's extra modules package");
    }
}
