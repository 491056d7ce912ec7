package io.vigil.detect.intel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the indicators of MISP events in the MISP core JSON format: {@code {"Event": {…}}}, a
 * list of those, or the REST API's {@code {"response": [{"Event": {…}}, …]}}.
 *
 * <p>Every attribute meant for detection ({@code to_ids} true and not {@code deleted}), of the
 * event and of its objects, gives indicators:
 *
 * <ul>
 *   <li>{@code ip-dst}, {@code ip-src}: the address or block; {@code ip-dst|port}, {@code
 *       ip-src|port}: the address (the port is not kept, so any port matches);
 *   <li>{@code domain}, {@code hostname}, {@code hostname|port}: the name; {@code domain|ip}: the
 *       name and the address;
 *   <li>{@code url}; {@code sha256}, {@code filename|sha256}: the hash; {@code port}.
 * </ul>
 *
 * <p>Source: the event's {@code Orgc} (creating organisation) name, else its {@code Org}, else the
 * feed's name. Tags: the event's then the attribute's tag names. Confidence: the MISP taxonomy tag
 * {@code misp:confidence-level} (completely-confident 100, usually 75, fairly 50, rarely 25,
 * unconfident 0), the attribute's before the event's, else {@value Indicator#DEFAULT_CONFIDENCE}.
 * MISP attributes carry no expiry, so these indicators never expire. An attribute of another type
 * meant for detection is reported, so that nothing the feed meant to detect is dropped silently.
 */
final class MispIndicatorReader {
  static final String SUPPORTED = "ip-dst, ip-src, ip-dst|port, ip-src|port, domain, hostname, hostname|port, domain|ip,"
      + " url, sha256, filename|sha256, port";
  private static final Map<String, Integer> CONFIDENCE = Map.of(
      "completely-confident", 100, "usually-confident", 75, "fairly-confident", 50, "rarely-confident", 25, "unconfident", 0);

  private MispIndicatorReader() {}

  static FeedResult read(String feed, Object json) {
    FeedLoad load = new FeedLoad(feed);
    List<Object> events = new ArrayList<>();
    List<String> pointers = new ArrayList<>();
    Map<String, Object> root = JsonTree.object(json);
    if (root != null && root.get("response") instanceof List<?>) {
      List<Object> response = JsonTree.array(root.get("response"));
      for (int i = 0; i < response.size(); i++) {
        events.add(response.get(i));
        pointers.add("/response/" + i);
      }
    } else if (root != null) {
      events.add(root);
      pointers.add("");
    } else {
      List<Object> list = JsonTree.array(json);
      for (int i = 0; i < list.size(); i++) {
        events.add(list.get(i));
        pointers.add("/" + i);
      }
    }
    if (events.isEmpty() && root == null && !(json instanceof List<?>)) {
      load.problem(feed, "not a MISP event (expected an object with an \"Event\")");
    }
    for (int i = 0; i < events.size(); i++) {
      Map<String, Object> wrapper = JsonTree.object(events.get(i));
      Map<String, Object> event = wrapper == null ? null : JsonTree.object(wrapper.get("Event"));
      if (event == null && wrapper != null && (wrapper.containsKey("Attribute") || wrapper.containsKey("Object"))) {
        event = wrapper; // a bare event, without the {"Event": …} wrapper
      }
      if (event == null) {
        load.problem(feed + ": " + (pointers.get(i).isEmpty() ? "/" : pointers.get(i)),
            "not a MISP event (expected an object with an \"Event\")");
      } else {
        event(load, pointers.get(i) + (event == wrapper ? "" : "/Event"), event);
      }
    }
    return load.result();
  }

  private static void event(FeedLoad load, String pointer, Map<String, Object> event) {
    String source = organisation(event, "Orgc");
    if (source == null) {
      source = organisation(event, "Org");
    }
    if (source == null) {
      source = load.feed();
    }
    List<String> eventTags = tags(event);
    List<Object> attributes = JsonTree.array(event.get("Attribute"));
    for (int i = 0; i < attributes.size(); i++) {
      attribute(load, pointer + "/Attribute/" + i, attributes.get(i), source, eventTags);
    }
    List<Object> objects = JsonTree.array(event.get("Object"));
    for (int o = 0; o < objects.size(); o++) {
      Map<String, Object> object = JsonTree.object(objects.get(o));
      List<Object> inner = object == null ? List.of() : JsonTree.array(object.get("Attribute"));
      for (int i = 0; i < inner.size(); i++) {
        attribute(load, pointer + "/Object/" + o + "/Attribute/" + i, inner.get(i), source, eventTags);
      }
    }
  }

  private static void attribute(FeedLoad load, String pointer, Object json, String source, List<String> eventTags) {
    Map<String, Object> attribute = JsonTree.object(json);
    if (attribute == null) {
      load.problem(load.feed() + ": " + pointer, "not a JSON object");
      return;
    }
    String uuid = JsonTree.string(attribute.get("uuid"));
    String location = load.feed() + ": " + (uuid == null ? pointer : "attribute " + uuid);
    if (flag(attribute.get("deleted"))) {
      load.skip("deleted MISP attribute");
      return;
    }
    if (!flag(attribute.get("to_ids"))) {
      load.skip("MISP attribute with to_ids false");
      return;
    }
    String type = JsonTree.string(attribute.get("type"));
    String value = JsonTree.string(attribute.get("value"));
    if (type == null || value == null) {
      load.problem(location, "has no " + (type == null ? "type" : "value") + " string");
      return;
    }
    List<String> attributeTags = tags(attribute);
    List<String> tags = new ArrayList<>(eventTags);
    attributeTags.stream().filter(t -> !tags.contains(t)).forEach(tags::add);
    int confidence = confidence(attributeTags, confidence(eventTags, Indicator.DEFAULT_CONFIDENCE));
    String first = value;
    String second = null;
    if (type.contains("|")) {
      int bar = value.indexOf('|');
      if (bar < 0) {
        load.problem(location, "value '" + value + "' of type '" + type + "' has no '|'");
        return;
      }
      first = value.substring(0, bar);
      second = value.substring(bar + 1);
    }
    switch (type) {
      case "ip-dst", "ip-src", "ip-dst|port", "ip-src|port" -> load.add(location, IndicatorType.IP, first, source, confidence, Indicator.NEVER, tags);
      case "domain", "hostname", "hostname|port" -> load.add(location, IndicatorType.DOMAIN, first, source, confidence, Indicator.NEVER, tags);
      case "domain|ip" -> {
        load.add(location, IndicatorType.DOMAIN, first, source, confidence, Indicator.NEVER, tags);
        load.add(location, IndicatorType.IP, second, source, confidence, Indicator.NEVER, tags);
      }
      case "url" -> load.add(location, IndicatorType.URL, first, source, confidence, Indicator.NEVER, tags);
      case "sha256" -> load.add(location, IndicatorType.SHA256, first, source, confidence, Indicator.NEVER, tags);
      case "filename|sha256" -> load.add(location, IndicatorType.SHA256, second, source, confidence, Indicator.NEVER, tags);
      case "port" -> load.add(location, IndicatorType.PORT, first, source, confidence, Indicator.NEVER, tags);
      default -> load.problem(location, "type '" + type + "' is not supported (supported: " + SUPPORTED + ")");
    }
  }

  /** MISP writes flags as JSON booleans, or in older exports as "1"/"0" or 1/0. */
  private static boolean flag(Object value) {
    return Boolean.TRUE.equals(value) || "1".equals(value) || "true".equals(value)
        || value instanceof Number n && n.intValue() == 1;
  }

  private static String organisation(Map<String, Object> event, String key) {
    Map<String, Object> org = JsonTree.object(event.get(key));
    String name = org == null ? null : JsonTree.string(org.get("name"));
    return name == null || name.isBlank() ? null : name.strip();
  }

  private static List<String> tags(Map<String, Object> holder) {
    List<String> names = new ArrayList<>();
    for (Object tag : JsonTree.array(holder.get("Tag"))) {
      Map<String, Object> t = JsonTree.object(tag);
      String name = t == null ? null : JsonTree.string(t.get("name"));
      if (name != null && !name.isBlank() && !names.contains(name.strip())) {
        names.add(name.strip());
      }
    }
    return names;
  }

  private static int confidence(List<String> tags, int otherwise) {
    for (String tag : tags) {
      if (tag.startsWith("misp:confidence-level=")) {
        Integer level = CONFIDENCE.get(tag.substring("misp:confidence-level=".length()).replace("\"", ""));
        if (level != null) {
          return level;
        }
      }
    }
    return otherwise;
  }
}
