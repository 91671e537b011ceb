package io.infersla.engine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Refusals the HTTP layer makes before a route runs answer in the API's JSON error shape too. */
@QuarkusTest
class ApiRoutingErrorsTest {

    @Test
    void anUnknownRouteUnderTheApiIsAJson404NamingIt() {
        for (String path : new String[] {"/api/v1/nope", "/api/v1/contracts/gold/nope", "/api/v1/reports/gold/2026-11/x"}) {
            given().when().get(path).then().statusCode(404).contentType("application/json")
                    .body("error", equalTo("no route GET " + path + "; " + ApiErrors.ROUTES));
        }
    }

    @Test
    void aMethodTheRouteDoesNotTakeIsAJson405WithAllow() {
        given().when().delete("/api/v1/catalog").then().statusCode(405).contentType("application/json")
                .header("Allow", equalTo("GET, HEAD"))
                .body("error", equalTo("method DELETE is not allowed on /api/v1/catalog; allowed: GET, HEAD"));
        given().contentType("application/json").body("{}").when().post("/api/v1/contracts/gold").then().statusCode(405)
                .contentType("application/json")
                .header("Allow", org.hamcrest.Matchers.containsString("PUT"))
                .body("error", startsWith("method POST is not allowed on /api/v1/contracts/gold; allowed: "));
    }

    @Test
    void aBodyThatIsNotJsonIsAJson415AndAnUnservableAcceptAJson406() {
        given().contentType("text/plain").body("display_name=Gold").when().put("/api/v1/contracts/gold").then()
                .statusCode(415).contentType("application/json")
                .body("error", equalTo("the request body must be application/json, Content-Type was 'text/plain'"));
        given().accept("text/html").when().get("/api/v1/contracts").then().statusCode(406).contentType("application/json")
                .body("error", equalTo("this route answers application/json; Accept was 'text/html'"));
    }
}
