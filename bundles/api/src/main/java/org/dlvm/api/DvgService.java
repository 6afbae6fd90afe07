package org.dlvm.api;

import java.util.List;

public interface DvgService {
    Dvg create(String name);

    List<Dvg> list();

    Dvg get(String name);

    Dvg extend(String dvg, String dpv);

    Dvg reduce(String dvg, String dpv);

    void delete(String name);
}
