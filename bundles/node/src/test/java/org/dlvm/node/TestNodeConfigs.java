package org.dlvm.node;

import java.lang.reflect.Proxy;
import java.util.Map;

/** NodeConfig instances as DS would build them: the given properties over the annotation's defaults. */
public final class TestNodeConfigs {
    private TestNodeConfigs() {
    }

    public static NodeConfig of(Map<String, Object> properties) {
        return (NodeConfig) Proxy.newProxyInstance(NodeConfig.class.getClassLoader(), new Class<?>[] { NodeConfig.class },
                (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    if (properties.containsKey(key)) {
                        return properties.get(key);
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    if (method.getName().equals("annotationType")) {
                        return NodeConfig.class;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
