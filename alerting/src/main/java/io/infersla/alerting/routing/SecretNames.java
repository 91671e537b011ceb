package io.infersla.alerting.routing;

/**
 * Routing refers to secrets by name. A name is short and plain, and one that looks like a key
 * (20 or more letters and digits without a separator, as PagerDuty's 32-character routing keys
 * do) is refused: it is most likely the key itself, pasted into the wrong field, and would then
 * be printed wherever the name is.
 */
public final class SecretNames {

    private SecretNames() {
    }

    public static void check(String field, String name) {
        // The messages never repeat the value: it may be the key itself.
        if (name == null || !name.matches("[a-z][a-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException(field + " must name a secret ([a-z][a-z0-9_.-], at most 64 characters)"
                    + (name == null ? ", was absent" : ", was " + name.length() + " characters that do not match"));
        }
        if (name.matches("[a-z0-9]{20,}")) {
            throw new IllegalArgumentException(field + " must name a secret, not hold one: " + name.length()
                    + " letters and digits without a separator look like a key (use e.g. pagerduty_routing_key)");
        }
    }
}
