package io.vigil.detect.settings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vigil.detect.settings.StrictJson.array;
import static io.vigil.detect.settings.StrictJson.bool;
import static io.vigil.detect.settings.StrictJson.describe;
import static io.vigil.detect.settings.StrictJson.duration;
import static io.vigil.detect.settings.StrictJson.escape;
import static io.vigil.detect.settings.StrictJson.object;
import static io.vigil.detect.settings.StrictJson.problem;
import static io.vigil.detect.settings.StrictJson.tree;

/**
 * Reads and writes {@link RuleSettings} as JSON. Reading is strict: an unknown key or a value of
 * the wrong type is refused with its JSON pointer, so that a typo never silently leaves a rule on.
 */
public final class RuleSettingsJson {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private RuleSettingsJson() {}

  /**
   * Reads settings.
   *
   * @param where names the text in messages (a file name)
   * @throws IllegalArgumentException as {@code WHERE: /json/pointer: what is wrong}
   */
  public static RuleSettings parse(String json, String where) {
    Object root = tree(json, where);
    Map<String, Object> top = object(root, "", where, Set.of("rules", "deviceSilent"));
    Map<String, RuleSettings.Entry> rules = new LinkedHashMap<>();
    if (top.get("rules") != null) {
      object(top.get("rules"), "/rules", where, null).forEach((key, value) -> rules.put(key, entry(value, "/rules/" + escape(key), where)));
    }
    Duration silentAfter = null;
    Map<String, Duration> byGroup = new LinkedHashMap<>();
    if (top.get("deviceSilent") != null) {
      Map<String, Object> silent = object(top.get("deviceSilent"), "/deviceSilent", where, Set.of("expectedInterval", "groups"));
      if (silent.get("expectedInterval") != null) {
        silentAfter = duration(silent.get("expectedInterval"), "/deviceSilent/expectedInterval", where);
      }
      if (silent.get("groups") != null) {
        object(silent.get("groups"), "/deviceSilent/groups", where, null)
            .forEach((g, d) -> byGroup.put(g, duration(d, "/deviceSilent/groups/" + escape(g), where)));
      }
    }
    return new RuleSettings(rules, silentAfter, byGroup);
  }

  /**
   * Reads one rule's entry, as the API's body gives it.
   *
   * @throws IllegalArgumentException as {@code WHERE: /json/pointer: what is wrong}
   */
  public static RuleSettings.Entry parseEntry(String json, String where) {
    return entry(tree(json, where), "", where);
  }

  /** The settings as pretty-printed JSON, in the format {@link #parse} reads. */
  public static String write(RuleSettings settings) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeObjectFieldStart("rules");
      for (Map.Entry<String, RuleSettings.Entry> e : settings.rules().entrySet()) {
        g.writeFieldName(e.getKey());
        writeEntry(g, e.getValue());
      }
      g.writeEndObject();
      if (settings.silentAfter() != null || !settings.silentAfterByGroup().isEmpty()) {
        g.writeObjectFieldStart("deviceSilent");
        if (settings.silentAfter() != null) {
          g.writeStringField("expectedInterval", settings.silentAfter().toString());
        }
        g.writeObjectFieldStart("groups");
        for (Map.Entry<String, Duration> e : settings.silentAfterByGroup().entrySet()) {
          g.writeStringField(e.getKey(), e.getValue().toString());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  /** One entry as JSON, as {@link #parseEntry} reads it. */
  public static void writeEntry(JsonGenerator g, RuleSettings.Entry entry) throws IOException {
    g.writeStartObject();
    if (entry.enabled() != null) {
      g.writeBooleanField("enabled", entry.enabled());
    }
    g.writeObjectFieldStart("groups");
    for (Map.Entry<String, Boolean> e : entry.groups().entrySet()) {
      g.writeBooleanField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeArrayFieldStart("exceptions");
    for (Suppression s : entry.exceptions()) {
      g.writeStartObject();
      g.writeStringField("name", s.name());
      g.writeObjectFieldStart("fields");
      for (Map.Entry<String, List<String>> f : s.fields().entrySet()) {
        g.writeArrayFieldStart(f.getKey());
        for (String v : f.getValue()) {
          g.writeString(v);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static RuleSettings.Entry entry(Object value, String at, String where) {
    Map<String, Object> e = object(value, at, where, Set.of("enabled", "groups", "exceptions"));
    Boolean enabled = e.get("enabled") == null ? null : bool(e.get("enabled"), at + "/enabled", where);
    Map<String, Boolean> groups = new LinkedHashMap<>();
    if (e.get("groups") != null) {
      object(e.get("groups"), at + "/groups", where, null).forEach((g, v) -> groups.put(g, bool(v, at + "/groups/" + escape(g), where)));
    }
    List<Suppression> exceptions = new ArrayList<>();
    if (e.get("exceptions") != null) {
      List<?> list = array(e.get("exceptions"), at + "/exceptions", where);
      for (int i = 0; i < list.size(); i++) {
        exceptions.add(suppression(list.get(i), at + "/exceptions/" + i, where));
      }
    }
    return new RuleSettings.Entry(enabled, groups, exceptions);
  }

  private static Suppression suppression(Object value, String at, String where) {
    Map<String, Object> s = object(value, at, where, Set.of("name", "fields"));
    if (!(s.get("name") instanceof String name) || name.isBlank()) {
      throw problem(where, at + "/name", "a non-empty string is required");
    }
    if (s.get("fields") == null) {
      throw problem(where, at + "/fields", "an object of field conditions is required");
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    Map<String, Object> given = object(s.get("fields"), at + "/fields", where, null);
    if (given.isEmpty()) {
      throw problem(where, at + "/fields", "at least one field condition is required");
    }
    given.forEach((field, v) -> {
      String p = at + "/fields/" + escape(field);
      List<String> values = new ArrayList<>();
      if (v instanceof List<?> list) {
        for (Object item : list) {
          values.add(scalar(item, p, where));
        }
      } else {
        values.add(scalar(v, p, where));
      }
      if (values.isEmpty()) {
        throw problem(where, p, "at least one value is required");
      }
      fields.put(field, values);
    });
    return new Suppression(name, fields);
  }

  private static String scalar(Object v, String at, String where) {
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    throw problem(where, at, "a string, number or boolean (or a list of them) is required, was " + describe(v));
  }

}
