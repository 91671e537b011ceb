/**
 * The integration-test harness every module shares: a real Kafka broker ({@link
 * io.infersla.testsupport.KafkaBroker}, in-process KRaft, one per JVM; {@link
 * io.infersla.testsupport.RestartableKafkaBroker} for tests that stop and restart it) and a fresh database per
 * test class on a real PostgreSQL ({@link io.infersla.testsupport.PostgresDatabase}: a configured
 * server, the local one, or embedded binaries, as {@link io.infersla.testsupport.PostgresSource}
 * decides). Nothing here is mocked: the point is to meet the real broker and the real database.
 * Test-only by purpose; modules depend on it with test scope.
 */
package io.infersla.testsupport;
