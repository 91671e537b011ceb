package io.infersla.reports.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The report documents the tests render. */
final class Fixtures {

  /** Realistic: 3 objectives (one report only), 4 series, 2 episodes (one across the month end), 1 maintenance. */
  static final String MUELLER = "report-mueller.json";
  /** The same shape with a Japanese contract and service name, provisional, no monthly fee. */
  static final String TOKYO = "report-tokyo.json";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private Fixtures() {}

  static byte[] load(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test fixture " + name + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The realistic document with no breach episode and no maintenance window. */
  static byte[] quietMonth() {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(load(MUELLER));
      root.putArray("maintenance");
      for (JsonNode s : root.get("series")) {
        ((ObjectNode) s).putArray("episodes");
      }
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The realistic document with {@code count} series rows, each with one breach episode, and service
   * names long enough to need truncating: the tables must paginate.
   */
  static byte[] manySeries(int count) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(load(MUELLER));
      ArrayNode series = (ArrayNode) root.get("series");
      JsonNode template = series.get(0);
      series.removeAll();
      for (int i = 0; i < count; i++) {
        ObjectNode s = template.deepCopy();
        s.put("service", "inference-gateway-" + i + "-with-a-rather-long-service-name-for-the-region-eu-west");
        s.put("series_key", "acme|müller-prod|svc-" + i);
        ObjectNode e = (ObjectNode) s.get("episodes").get(0);
        e.put("episode_id", "ep-" + i);
        e.put("dedup_key", "dedup-" + i);
        series.add(s);
      }
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
