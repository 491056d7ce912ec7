package io.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.store.QueryResult;
import java.util.List;

/** Renders query results as an aligned table, JSON lines or CSV (RFC 4180). */
final class ResultFormat {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CELL = 80;

  private ResultFormat() {}

  static String table(QueryResult r) {
    int n = r.columns().size();
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      width[i] = r.columns().get(i).length();
      for (List<Object> row : r.rows()) {
        width[i] = Math.max(width[i], cell(row.get(i)).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, r.columns().stream().map(Object.class::cast).toList(), width);
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
    }
    out.append('\n');
    r.rows().forEach(row -> line(out, row, width));
    out.append('(').append(r.rows().size()).append(r.rows().size() == 1 ? " row)" : " rows)").append('\n');
    return out.toString();
  }

  private static void line(StringBuilder out, List<Object> values, int[] width) {
    for (int i = 0; i < values.size(); i++) {
      String c = cell(values.get(i));
      out.append(i == 0 ? "" : "  ").append(c).append(" ".repeat(i == values.size() - 1 ? 0 : width[i] - c.length()));
    }
    out.append('\n');
  }

  private static String cell(Object v) {
    String s = v == null ? "NULL" : v.toString().replace('\n', ' ');
    return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 3) + "..." : s;
  }

  static String jsonLines(QueryResult r) {
    StringBuilder out = new StringBuilder();
    for (List<Object> row : r.rows()) {
      ObjectNode o = JSON.createObjectNode();
      for (int i = 0; i < row.size(); i++) {
        o.set(r.columns().get(i), JSON.valueToTree(row.get(i)));
      }
      out.append(o).append('\n');
    }
    return out.toString();
  }

  static String csv(QueryResult r) {
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", r.columns().stream().map(ResultFormat::csvCell).toList())).append("\r\n");
    for (List<Object> row : r.rows()) {
      out.append(String.join(",", row.stream().map(v -> v == null ? "" : csvCell(v.toString())).toList())).append("\r\n");
    }
    return out.toString();
  }

  private static String csvCell(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
