package io.infersla.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic creation for both brokers of this module: created, and served by the broker, or an error. */
final class Topics {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(25);

    private Topics() {
    }

    /**
     * Creates a topic with replication factor 1 and returns once the broker serves every
     * partition.
     *
     * @throws IllegalStateException if the topic exists already or is not ready within 30 s
     */
    static void create(Admin admin, String name, int partitions) {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(admin, name, partitions);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Topic " + name + " not created within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
    }

    /**
     * The controller acknowledges a new topic before the broker has applied it from the metadata
     * log; wait (bounded) until the broker reports a leader for every partition. Only "unknown
     * topic" is retried: any other failure is thrown at once.
     */
    private static void awaitLeaders(Admin admin, String name, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        String lastState = "not described yet";
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = admin.describeTopics(Set.of(name)).allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name);
                long led = description.partitions().stream().filter(p -> p.leader() != null).count();
                if (description.partitions().size() == partitions && led == partitions) {
                    return;
                }
                lastState = led + " of " + partitions + " partitions have a leader";
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                lastState = "broker does not know the topic yet";
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new TimeoutException("Topic " + name + " not ready within " + ADMIN_TIMEOUT + ": " + lastState);
    }
}
