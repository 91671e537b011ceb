/**
 * {@code ./infersla local}: the whole InferSLA pipeline on one machine with only JDK 17 and
 * Maven. {@link io.infersla.launcher.LocalStack} starts, in order, a real Kafka broker
 * ({@link io.infersla.launcher.KafkaNode}: Apache Kafka in KRaft mode from the Maven Central
 * jars, as a child JVM with its log directory in the data directory), PostgreSQL
 * ({@link io.infersla.launcher.Database}: embedded binaries with their data directory in the data
 * directory, or a server the user names), the migrations, the topics, the local contract's alert
 * routing, then ingest and sla-engine as child processes ({@link io.infersla.launcher.ServiceProcess},
 * ready when {@code /q/health/ready} answers). It stops everything it started, in reverse order,
 * on SIGINT / SIGTERM. {@link io.infersla.launcher.Demo} adds the load generator with an injected
 * breach, a watch on {@code sla.breaches} and a local PagerDuty receiver.
 * {@link io.infersla.launcher.IngestBenchmark} ({@code ./infersla bench-ingest}) starts only the
 * broker and ingest the same way and measures ingest's throughput end to end.
 * {@link io.infersla.launcher.BenchCommand} ({@code ./infersla bench}) runs the same stack under
 * measured load: consumer lag ({@link io.infersla.launcher.ConsumerLag}), CPU and memory per
 * process ({@link io.infersla.launcher.ProcessUsage}) and breach detection latency
 * ({@link io.infersla.launcher.BreachTiming}).
 */
package io.infersla.launcher;
