package io.vigil.agent.collect.firewall;

import io.vigil.agent.collect.JsonValues;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.model.event.FirewallConfiguration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the output of {@code nft -j list ruleset}: {@code {"nftables": [{"metainfo": ...},
 * {"table": ...}, {"chain": ...}, {"rule": ...}, ...]}}.
 *
 * <p>Elements are read one at a time, so a truncated document still yields the chains and rules
 * before the cut, with the cut reported. Sets, maps, counters and other objects are skipped.
 */
final class NftJsonParser {
  private static final JsonFactory JSON = new JsonFactory();

  private final String source;
  private final Map<String, ChainInfo> chainInfos = new LinkedHashMap<>();
  private final Map<String, List<FirewallConfiguration.Rule>> rules = new LinkedHashMap<>();
  private final Set<String> compatTables = new HashSet<>();
  private final List<String> problems = new ArrayList<>();

  /** @param source how the input is named in problems, such as {@code nft -j list ruleset} */
  NftJsonParser(String source) {
    this.source = source;
  }

  /**
   * The chains and rules in {@code json}.
   *
   * @throws FirewallParseException if it is not a JSON object holding an {@code nftables} array
   */
  Ruleset parse(String json) throws FirewallParseException {
    try (JsonParser parser = JSON.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new FirewallParseException(source + ": expected a JSON object with an 'nftables' array"
            + (first == null ? "" : " at " + JsonValues.where(parser)) + ", found " + describe(first));
      }
      boolean found = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!field.equals("nftables")) {
          parser.skipChildren();
        } else if (value != JsonToken.START_ARRAY) {
          throw new FirewallParseException(source + ": 'nftables' at " + JsonValues.where(parser)
              + " must be an array, found " + describe(value));
        } else {
          found = true;
          elements(parser);
        }
      }
      if (!found) {
        throw new FirewallParseException(source + ": the JSON object has no 'nftables' array");
      }
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      String problem = source + ": malformed JSON" + where + ": " + e.getOriginalMessage();
      if (chainInfos.isEmpty()) {
        throw new FirewallParseException(problem);
      }
      problems.add(problem + " (the elements before it are kept)");
    } catch (IOException e) {
      throw new FirewallParseException(source + ": " + e.getMessage());
    }
    List<Ruleset.Chain> chains = new ArrayList<>();
    chainInfos.forEach((key, info) -> chains.add(new Ruleset.Chain(info, rules.get(key))));
    return new Ruleset(chains, compatTables, problems);
  }

  private void elements(JsonParser parser) throws IOException {
    int index = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      Object element = JsonValues.read(parser);
      String at = source + ": nftables[" + index + "]";
      if (element instanceof Map<?, ?> map && map.size() == 1) {
        var entry = map.entrySet().iterator().next();
        if (entry.getValue() instanceof Map<?, ?> body) {
          switch ((String) entry.getKey()) {
            case "chain" -> chain(at + ".chain", body);
            case "rule" -> rule(at + ".rule", body);
            default -> { } // metainfo, table, set, map, element, counter ...: nothing to normalize
          }
        } else {
          problems.add(at + "." + entry.getKey() + " is not an object");
        }
      } else {
        problems.add(at + " is not an object with exactly one member");
      }
      index++;
    }
  }

  private void chain(String at, Map<?, ?> body) {
    String family = text(body, "family");
    String table = text(body, "table");
    String name = text(body, "name");
    if (family == null || table == null || name == null) {
      problems.add(at + " lacks " + missing(body, "family", "table", "name"));
      return;
    }
    String hook = text(body, "hook");
    String type = text(body, "type");
    String priority = text(body, "prio");
    String policy = text(body, "policy");
    String raw = hook == null ? "chain " + name
        : "type " + type + " hook " + hook + " priority " + priority + "; policy " + (policy == null ? "accept" : policy) + ";";
    String key = family + " " + table + " " + name;
    chainInfos.put(key, new ChainInfo("nftables", family, table, name, hook, type, priority, hook == null ? null : policy,
        raw, source));
    rules.put(key, new ArrayList<>());
  }

  private void rule(String at, Map<?, ?> body) {
    String family = text(body, "family");
    String table = text(body, "table");
    String chain = text(body, "chain");
    if (family == null || table == null || chain == null) {
      problems.add(at + " lacks " + missing(body, "family", "table", "chain"));
      return;
    }
    String key = family + " " + table + " " + chain;
    ChainInfo info = chainInfos.get(key);
    if (info == null) {
      problems.add(at + " is for chain '" + key + "', which was not listed before it");
      return;
    }
    if (!(body.get("expr") instanceof List<?> expr)) {
      problems.add(at + " has no 'expr' array");
      return;
    }
    NftJsonRule rule = new NftJsonRule();
    rule.read(expr);
    if (rule.usesCompat()) {
      compatTables.add(family + " " + table);
    }
    if (text(body, "comment") != null) {
      rule.fields().comment(text(body, "comment"));
    }
    List<FirewallConfiguration.Rule> list = rules.get(key);
    list.add(rule.fields().toRule(info, list.size(), rule.text()));
  }

  private static String text(Map<?, ?> body, String field) {
    Object value = body.get(field);
    return value == null ? null : value.toString();
  }

  private static String missing(Map<?, ?> body, String... fields) {
    List<String> absent = new ArrayList<>();
    for (String f : fields) {
      if (body.get(f) == null) {
        absent.add("'" + f + "'");
      }
    }
    return String.join(" and ", absent);
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "the end of input";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }
}
