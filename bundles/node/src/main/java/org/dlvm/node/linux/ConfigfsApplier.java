package org.dlvm.node.linux;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlvm.node.NodeException;

/**
 * Performs {@link ConfigfsStep}s and skips those whose effect is already there, so that a list
 * cut short by a crash or a lost reply can be replayed from the start.
 */
final class ConfigfsApplier {
    private static final String UDEV_PATH = "udev_path=";
    private static final Pattern INFO_UDEV_PATH = Pattern.compile("UDEV PATH: (\\S+)");

    private final ConfigfsFiles files;

    ConfigfsApplier(ConfigfsFiles files) {
        this.files = files;
    }

    /**
     * Steps that make things: a MKDIR or SYMLINK whose path exists is done; a WRITE whose file
     * reads back the value is done (an enabled TPG or backstore answers EINVAL or EEXIST to
     * being enabled again); a backstore's {@code control} is skipped once the backstore is
     * enabled, the kernel refusing its parameters from then on.
     */
    void build(List<ConfigfsStep> steps) throws NodeException {
        for (ConfigfsStep step : steps) {
            try {
                switch (step.kind()) {
                    case MKDIR -> {
                        if (!files.exists(path(step))) {
                            files.mkdir(path(step));
                        }
                    }
                    case SYMLINK -> {
                        if (!files.exists(path(step))) {
                            files.symlink(path(step), Path.of(step.value()));
                        }
                    }
                    case WRITE -> {
                        if (!readsBack(step) && !isFixedBackstoreParameter(step)) {
                            files.write(path(step), step.value());
                        }
                    }
                    case RMDIR, UNLINK -> remove(step);
                }
            } catch (IOException e) {
                throw failed(step, e);
            }
        }
    }

    /** Steps that take things away: what is absent is done, and a WRITE to a file whose object is gone is skipped. */
    void tearDown(List<ConfigfsStep> steps) throws NodeException {
        for (ConfigfsStep step : steps) {
            try {
                switch (step.kind()) {
                    case RMDIR, UNLINK -> remove(step);
                    case WRITE -> {
                        if (files.exists(path(step)) && !readsBack(step)) {
                            files.write(path(step), step.value());
                        }
                    }
                    default -> throw new IllegalArgumentException("a teardown does not " + step);
                }
            } catch (IOException e) {
                throw failed(step, e);
            }
        }
    }

    private void remove(ConfigfsStep step) throws IOException {
        if (!files.exists(path(step))) {
            return;
        }
        if (step.kind() == ConfigfsStep.Kind.RMDIR) {
            files.rmdir(path(step));
        } else {
            files.unlink(path(step));
        }
    }

    private boolean readsBack(ConfigfsStep step) {
        return files.read(path(step)).map(String::strip).filter(step.value()::equals).isPresent();
    }

    private boolean isFixedBackstoreParameter(ConfigfsStep step) throws IOException {
        Path file = path(step);
        if (!file.getFileName().toString().equals("control")) {
            return false;
        }
        Path backstore = file.getParent();
        if (!files.read(backstore.resolve("enable")).map(String::strip).filter("1"::equals).isPresent()) {
            return false;
        }
        // enabled on another device is not something a replay can fix: say so rather than serve the wrong disk
        String wanted = step.value().startsWith(UDEV_PATH) ? step.value().substring(UDEV_PATH.length()) : null;
        Optional<String> current = files.read(backstore.resolve("info")).flatMap(ConfigfsApplier::infoDevice);
        if (wanted != null && current.isPresent() && !current.get().equals(wanted)) {
            throw new IOException("backstore " + backstore + " is enabled on " + current.get() + ", not " + wanted);
        }
        return true;
    }

    /**
     * The device an iblock backstore opened, from its {@code info} ("... UDEV PATH: /dev/... ...");
     * its {@code udev_path} attribute stays empty when the path is given through {@code control}.
     */
    static Optional<String> infoDevice(String info) {
        Matcher m = INFO_UDEV_PATH.matcher(info);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Path path(ConfigfsStep step) {
        return Path.of(step.path());
    }

    /** The step's text keeps secrets out; the kernel's errno text is the diagnosis. */
    private static NodeException failed(ConfigfsStep step, IOException e) {
        String why = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e instanceof FileSystemException ? e.getClass().getSimpleName() : e.getMessage();
        return new NodeException("configfs: " + step + " failed: " + why, e);
    }
}
