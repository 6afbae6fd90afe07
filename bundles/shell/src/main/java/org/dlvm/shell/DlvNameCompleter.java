package org.dlvm.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dlvm.api.Dlv;
import org.dlvm.api.DlvService;

@Service
public class DlvNameCompleter implements Completer {
    @Reference(optional = true)
    DlvService dlvService;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(names()).complete(session, commandLine, candidates);
    }

    List<String> names() {
        return Completions.names(dlvService, DlvService::list, Dlv::name);
    }
}
