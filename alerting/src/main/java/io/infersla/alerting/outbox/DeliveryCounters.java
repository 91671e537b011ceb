package io.infersla.alerting.outbox;

import java.util.concurrent.atomic.LongAdder;

/** Delivery outcomes since the dispatcher started; the engine exports them as metrics. */
public final class DeliveryCounters {

    final LongAdder delivered = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder dead = new LongAdder();
    final LongAdder rateLimited = new LongAdder();

    public long delivered() {
        return delivered.sum();
    }

    public long retried() {
        return retried.sum();
    }

    public long dead() {
        return dead.sum();
    }

    public long rateLimited() {
        return rateLimited.sum();
    }
}
