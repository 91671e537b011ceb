package io.infersla.alerting.routing;

import java.net.URI;

/** URL arithmetic shared by the routes. */
public final class Endpoints {

    private Endpoints() {
    }

    /** {@code base} with {@code path} appended, without doubling the slash between them. */
    public static URI append(URI base, String path) {
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + path);
    }
}
