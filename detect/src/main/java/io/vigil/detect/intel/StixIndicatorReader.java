package io.vigil.detect.intel;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the indicators of a STIX 2.1 bundle.
 *
 * <p>Each {@code indicator} object whose {@code pattern_type} is {@code stix} (or absent, as in
 * STIX 2.0) gives one indicator per value of its pattern (see {@link StixIndicatorPattern}):
 *
 * <ul>
 *   <li>source: the {@code name} of the {@code identity} its {@code created_by_ref} points to when
 *       the bundle holds it, else the feed's name;
 *   <li>confidence: {@code confidence} (0 to 100), else {@value Indicator#DEFAULT_CONFIDENCE};
 *   <li>expiry: {@code valid_until}, else never;
 *   <li>tags: {@code indicator_types} then {@code labels}.
 * </ul>
 *
 * <p>Revoked indicators are skipped and counted. Other objects (identities, malware,
 * relationships, …) are not indicators and are passed over.
 */
final class StixIndicatorReader {
  private StixIndicatorReader() {}

  static FeedResult read(String feed, Object json) {
    FeedLoad load = new FeedLoad(feed);
    Map<String, Object> bundle = JsonTree.object(json);
    if (bundle == null || !"bundle".equals(bundle.get("type")) || !(bundle.get("objects") instanceof List<?>)) {
      load.problem(feed, "not a STIX 2.1 bundle (expected an object with \"type\": \"bundle\" and an \"objects\" array)");
      return load.result();
    }
    List<Object> objects = JsonTree.array(bundle.get("objects"));
    Map<String, String> identities = new HashMap<>();
    for (Object o : objects) {
      Map<String, Object> object = JsonTree.object(o);
      if (object != null && "identity".equals(object.get("type")) && JsonTree.string(object.get("id")) != null
          && JsonTree.string(object.get("name")) != null) {
        identities.put((String) object.get("id"), ((String) object.get("name")).strip());
      }
    }
    for (int i = 0; i < objects.size(); i++) {
      Map<String, Object> object = JsonTree.object(objects.get(i));
      if (object == null) {
        load.problem(feed + ": /objects/" + i, "not a JSON object");
      } else if ("indicator".equals(object.get("type"))) {
        String id = JsonTree.string(object.get("id"));
        indicator(load, feed + ": " + (id == null ? "/objects/" + i : id), object, identities);
      }
    }
    return load.result();
  }

  private static void indicator(FeedLoad load, String location, Map<String, Object> object, Map<String, String> identities) {
    if (Boolean.TRUE.equals(object.get("revoked"))) {
      load.skip("revoked STIX indicator");
      return;
    }
    Object patternType = object.getOrDefault("pattern_type", "stix");
    if (!"stix".equals(patternType)) {
      load.problem(location, "pattern_type '" + patternType + "' is not supported (supported: stix)");
      return;
    }
    String pattern = JsonTree.string(object.get("pattern"));
    if (pattern == null) {
      load.problem(location, "has no pattern string");
      return;
    }
    int confidence;
    Instant expires;
    StixIndicatorPattern.Parsed parsed;
    try {
      confidence = confidence(object.get("confidence"));
      expires = validUntil(object.get("valid_until"));
      parsed = StixIndicatorPattern.parse(pattern);
    } catch (IllegalArgumentException e) {
      load.problem(location, e.getMessage());
      return;
    }
    String creator = JsonTree.string(object.get("created_by_ref"));
    String source = creator != null && identities.containsKey(creator) ? identities.get(creator) : load.feed();
    List<String> tags = new ArrayList<>();
    for (String key : List.of("indicator_types", "labels")) {
      for (Object tag : JsonTree.array(object.get(key))) {
        if (tag instanceof String s && !s.isBlank() && !tags.contains(s.strip())) {
          tags.add(s.strip());
        }
      }
    }
    for (int i = 0; i < parsed.otherProperties(); i++) {
      load.skip("STIX comparison on another property beside supported ones");
    }
    for (StixIndicatorPattern.Comparison c : parsed.comparisons()) {
      load.add(location, c.type(), c.value(), source, confidence, expires, tags);
    }
  }

  private static int confidence(Object value) {
    if (value == null) {
      return Indicator.DEFAULT_CONFIDENCE;
    }
    if (value instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 0 && n.intValue() <= 100) {
      return n.intValue();
    }
    throw new IllegalArgumentException("confidence " + quoted(value) + " is not an integer from 0 to 100");
  }

  private static Instant validUntil(Object value) {
    if (value == null) {
      return Indicator.NEVER;
    }
    try {
      if (value instanceof String s) {
        return Instant.parse(s);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new IllegalArgumentException("valid_until " + quoted(value) + " is not an RFC 3339 timestamp (2027-01-31T00:00:00Z)");
  }

  private static String quoted(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
