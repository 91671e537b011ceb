package io.infersla.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EngineEndpointsTest {

    @Test
    void healthEndpointReportsUpOnceStarted() {
        given()
                .when().get("/q/health")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentNamesTheInferSlaApi() {
        given()
                .queryParam("format", "json")
                .when().get("/q/openapi")
                .then()
                .statusCode(200)
                .body("openapi", containsString("3."))
                .body("info.title", equalTo("InferSLA API"));
    }
}
