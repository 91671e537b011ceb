package io.infersla.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.infersla.ingest.it.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class IngestHealthTest {

    @Test
    void healthEndpointReportsUpOnceStarted() {
        given()
                .when().get("/q/health")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                // KafkaTestResource turns the Collector topic on: its consumer is a check of its own.
                .body("checks.find { it.name == 'otlp_spans consumer' }.status", equalTo("UP"));
    }
}
