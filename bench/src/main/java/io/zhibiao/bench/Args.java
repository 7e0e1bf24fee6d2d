package io.zhibiao.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** --name value options of the bench tools; an unknown or valueless option stops the tool with its name. */
final class Args {

    private Args() {
    }

    static Map<String, String> parse(String[] args, Set<String> known) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            }
            if (!known.contains(a) || value == null) {
                throw new IllegalArgumentException("option " + a + (value == null ? " needs a value" : " is not one of " + known));
            }
            out.put(a, value);
        }
        return out;
    }

    static String require(Map<String, String> opt, String name) {
        String v = opt.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }
}
