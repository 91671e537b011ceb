package io.infersla.alerting.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * The real database, except that committing what touched the outbox fails: a process that dies
 * after sending, before recording. Other transactions (the rate limit's tokens, taken before
 * sending) commit as they would in such a process.
 */
public final class CrashingDataSource {

    private CrashingDataSource() {
    }

    public static DataSource failingCommits(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    if (result instanceof Connection connection) {
                        AtomicBoolean touchedOutbox = new AtomicBoolean();
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                                (p, m, a) -> {
                                    if (m.getName().startsWith("prepare") && a != null && a.length > 0
                                            && String.valueOf(a[0]).contains("sla.alert_outbox")) {
                                        touchedOutbox.set(true);
                                    }
                                    if (m.getName().equals("commit") && touchedOutbox.get()) {
                                        throw new SQLException("simulated crash before commit");
                                    }
                                    return invoke(m, connection, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
