package io.infersla.core.json;

import java.util.List;
import java.util.Map;

/**
 * Whether the strings of a parsed document can be stored as they were sent: PostgreSQL's text and
 * jsonb hold no U+0000, and an unpaired surrogate (valid in a JSON escape such as {@code \ud800},
 * but no Unicode character) has no UTF-8 form, so the driver would store {@code ?} in its place.
 * A document with either is refused rather than stored as something else (or not at all).
 */
public final class StorableText {

    private StorableText() {
    }

    /**
     * Adds a problem for every key and string value of {@code value} that cannot be stored; never
     * quotes the string (it may be a secret), only where in it the character is.
     *
     * @param path the document's path in messages, e.g. {@code body}
     */
    public static void check(Object value, String path, List<String> problems) {
        if (value instanceof String s) {
            checkString(s, path, "", problems);
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (checkString(key, path, "a key ", problems)) {
                    check(entry.getValue(), path + "." + key, problems);
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    /** @return whether the string is storable */
    private static boolean checkString(String s, String path, String what, List<String> problems) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                problems.add(path + ": " + what + "must not contain U+0000 (it cannot be stored), found at character " + (i + 1));
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                problems.add(path + ": " + what + "must be Unicode text, found an unpaired surrogate \\u"
                        + String.format("%04x", (int) c) + " at character " + (i + 1));
                return false;
            }
        }
        return true;
    }
}
